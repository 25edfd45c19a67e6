"""URL conventions: pages at the root (jixiao.web.front), the JSON API under /api/v1/."""

from django.urls import include, path

from jixiao.web.api.app import api
from jixiao.web.api.views import not_found

urlpatterns = [
    # The typed API (django-ninja, namespace "v1") first; routes not moved there yet follow.
    path("api/v1/", not_found),  # ninja's root view would answer an HTML 404
    path("api/v1/", api.urls),
    path("api/v1/", include("jixiao.web.api.urls")),
    path("", include("jixiao.web.disclosure.urls")),
    path("", include("jixiao.web.rectification.urls")),
    path("", include("jixiao.web.adjustments.urls")),
    path("", include("jixiao.web.library.urls")),
    path("", include("jixiao.web.monitoring.urls")),
    path("", include("jixiao.web.department_evaluation.urls")),
    path("", include("jixiao.web.accounts.urls")),
    path("", include("jixiao.web.front.urls")),
]

handler400 = "jixiao.web.errors.bad_request"
