from django.urls import path

from jixiao.web.rectification import recheck_views, views

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
    path("rechecks/", recheck_views.recheck_page, name="rechecks"),
    path("rechecks/draw/", recheck_views.recheck_draw, name="recheck_draw"),
    path("rechecks/<int:pk>/score/", recheck_views.recheck_score, name="recheck_score"),
]
