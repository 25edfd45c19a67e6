from django.urls import path, re_path

from jixiao.web.api import documents, views

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
    path("documents", documents.documents, name="documents"),
    path("documents/<int:pk>", documents.document, name="document"),
    path("documents/<int:pk>/projects", documents.projects, name="document_projects"),
    path("documents/<int:pk>/rollover", documents.rollover, name="rollover"),
    # Anything else under /api/v1/ (an id that is not a number, a typo) is a JSON 404, not
    # the HTML page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),  # newlines in ids too
]
