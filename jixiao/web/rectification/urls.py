from django.urls import path

from jixiao.web.rectification import views

app_name = "rectification"
urlpatterns = [
    path("rectifications/", views.rectification_list, name="list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="detail"),
    path("rectifications/<int:pk>/answer/", views.rectification_answer, name="answer"),
    path("rectifications/<int:pk>/decide/", views.rectification_decide, name="decide"),
    path(
        "rectifications/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment,
        name="attachment",
    ),
    path("projects/<int:project_pk>/rectify/", views.rectification_new, name="new"),
]
