from django.urls import path

from jixiao.web.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.index, name="index"),
    path("monitoring/units/<int:unit_id>/", views.unit_page, name="unit"),
    path(
        "monitoring/units/<int:unit_id>/payments/import/",
        views.payments_import,
        name="payments_import",
    ),
    path(
        "monitoring/units/<int:unit_id>/payments/confirm/",
        views.payments_confirm,
        name="payments_confirm",
    ),
    path("monitoring/projects/<int:pk>/", views.project_page, name="project"),
    path("monitoring/projects/<int:pk>/payments/", views.payment_add, name="payment_add"),
    path("monitoring/projects/<int:pk>/deviation/", views.deviation_add, name="deviation_add"),
    path("monitoring/projects/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("evaluation/", views.ranking, name="ranking"),
    path("evaluation/projects/<int:pk>/", views.evaluation_page, name="evaluation"),
    path(
        "evaluation/projects/<int:pk>/export/<str:fmt>/",
        views.evaluation_export,
        name="evaluation_export",
    ),
    path("evaluation/units/<int:unit_id>/", views.evaluation_unit, name="evaluation_unit"),
    path(
        "evaluation/units/<int:unit_id>/export/<str:fmt>/",
        views.evaluation_unit_export,
        name="evaluation_unit_export",
    ),
]
