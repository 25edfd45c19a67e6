from django.urls import path, re_path

from jixiao.web.api import documents, views

app_name = "api"
urlpatterns = [
    path("documents", documents.documents, name="documents"),
    path("documents/<int:pk>", documents.document, name="document"),
    path("documents/<int:pk>/projects", documents.projects, name="document_projects"),
    path("documents/<int:pk>/rollover", documents.rollover, name="rollover"),
    # Anything else under /api/v1/ (an id that is not a number, a typo) is a JSON 404, not
    # the HTML page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),  # newlines in ids too
]
