from django.urls import re_path

from jixiao.web.api import views

app_name = "api"
urlpatterns = [
    # Anything else under /api/v1/ (an id that is not a number, a typo) is a JSON 404, not
    # the HTML page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),  # newlines in ids too
]
