from django.urls import path

from jixiao.web.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("public/", views.index, name="index"),
    path("publications/", views.publications_page, name="publications"),
    path("public/projects/<int:pk>/", views.project, name="project"),
    path("open/v1/projects", views.open_projects, name="open_projects"),
    path("open/v1/datapackage.json", views.open_datapackage, name="open_datapackage"),
    path("open/v1/<str:name>", views.open_file, name="open_file"),
]
