"""Template context: the current user's role and its Chinese name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jixiao.web.accounts.models import ROLES
from jixiao.web.permissions import role_of


def role(request: HttpRequest) -> dict[str, Any]:
    r = role_of(getattr(request, "user", None))
    return {"role": r, "role_label": ROLES.get(r or "", "")}
