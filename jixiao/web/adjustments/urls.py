from django.urls import path

from jixiao.web.adjustments import views

app_name = "adjustments"
urlpatterns = [
    path("projects/<int:pk>/adjust/", views.adjustment_new, name="new"),
    path("adjustments/<int:pk>/", views.adjustment_detail, name="detail"),
    path("adjustments/<int:pk>/decide/", views.adjustment_decide, name="decide"),
]
