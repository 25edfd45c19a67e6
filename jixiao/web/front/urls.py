from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from jixiao.web.accounts import first_admin
from jixiao.web.audit import views as audit_views
from jixiao.web.front import (
    checks,
    department,
    drafting_views,
    exports,
    setup_views,
    uploads,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", first_admin.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/submit/", views.project_submit, name="project_submit"),
    path("projects/<int:pk>/return/", views.project_return, name="project_return"),
    path("projects/<int:pk>/approve/", views.project_approve, name="project_approve"),
    path("projects/<int:pk>/code/", views.project_code, name="project_code"),
    path(
        "projects/<int:pk>/comments/<int:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("import/", uploads.import_page, name="import"),
    path("import/confirm/", uploads.import_confirm, name="import_confirm"),
    path("import/adjust/", uploads.import_adjust, name="import_adjust"),
    path("export/", exports.export, name="export"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
    # Writing from scratch (jixiao.web.goals.drafting).
    path("documents/new/", drafting_views.document_new, name="document_new"),
    path("documents/<int:pk>/", drafting_views.document_detail, name="document"),
    path("documents/<int:pk>/department/", department.department_part, name="department"),
    path("documents/<int:pk>/department/edit/", department.department_edit, name="department_edit"),
    path(
        "documents/<int:pk>/department/export/",
        department.department_export,
        name="department_export",
    ),
    *[
        path(
            f"documents/<int:pk>/department/{action}/",
            department.department_transition,
            {"action": action},
            name=f"department_{action}",
        )
        for action in ("submit", "return", "approve")
    ],
    path("documents/<int:pk>/delete/", drafting_views.document_delete, name="document_delete"),
    path(
        "documents/<int:pk>/rollover/", drafting_views.document_rollover, name="document_rollover"
    ),
    path("documents/<int:pk>/projects/add/", drafting_views.project_add, name="project_add"),
    path("projects/<int:pk>/copy/", drafting_views.project_copy, name="project_copy"),
    path("projects/<int:pk>/move/", drafting_views.project_move, name="project_move"),
    path("projects/<int:pk>/delete/", drafting_views.project_delete, name="project_delete"),
    # Setting up (系统设置) and one's own password.
    # One password page: the account page (/password/ was a second one).
    path("password/", RedirectView.as_view(pattern_name="account"), name="own_password"),
    path("setup/", setup_views.index, name="setup"),
    path("setup/regions/", setup_views.regions, name="setup_regions"),
    path("setup/regions/<int:pk>/", setup_views.region_edit, name="setup_region"),
    path("setup/departments/", setup_views.departments, name="setup_departments"),
    path("setup/departments/<int:pk>/", setup_views.department_edit, name="setup_department"),
    path("setup/units/", setup_views.units, name="setup_units"),
    path("setup/units/<int:pk>/", setup_views.unit_edit, name="setup_unit"),
    path("setup/users/", setup_views.users, name="setup_users"),
    path("setup/users/<int:pk>/", setup_views.user_edit, name="setup_user"),
    path("setup/upload/", setup_views.upload, name="setup_upload"),
    path("setup/template/<str:kind>.xlsx", setup_views.template, name="setup_template"),
    path("check/", checks.live_check, name="live_check"),
]
