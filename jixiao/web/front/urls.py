from django.contrib.auth import views as auth_views
from django.urls import path

from jixiao.web.front import exports, uploads, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="front/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/submit/", views.project_submit, name="project_submit"),
    path("projects/<int:pk>/return/", views.project_return, name="project_return"),
    path("projects/<int:pk>/approve/", views.project_approve, name="project_approve"),
    path(
        "projects/<int:pk>/comments/<int:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("import/", uploads.import_page, name="import"),
    path("import/confirm/", uploads.import_confirm, name="import_confirm"),
    path("export/", exports.export, name="export"),
    path("audit/", views.audit_log, name="audit"),
]
