from django.urls import path

from jixiao.web.department_evaluation import views

app_name = "department_evaluation"

urlpatterns = [
    path("evaluation/documents/<int:pk>/department/", views.page, name="page"),
    path(
        "evaluation/documents/<int:pk>/department/export/<str:fmt>/",
        views.export,
        name="export",
    ),
]
