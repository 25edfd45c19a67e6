from django.urls import path

from jixiao.web.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.schema, name="openapi"),
    path("token", views.token, name="token"),
    path("audit", views.audit, name="audit"),
    path("projects", views.projects, name="projects"),
    path("projects/<int:pk>", views.project, name="project"),
    path("projects/<int:pk>/submit", views.submit, name="submit"),
    path("projects/<int:pk>/return", views.return_, name="return"),
    path("projects/<int:pk>/approve", views.approve, name="approve"),
    path("projects/<int:pk>/findings", views.findings, name="findings"),
    path("projects/<int:pk>/comments", views.comments, name="comments"),
    path("projects/<int:pk>/versions", views.versions, name="versions"),
]
