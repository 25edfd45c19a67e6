"""Token endpoints: list your tokens (an admin: all), revoke one, log out (revoke your own)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from jixiao.web.accounts import tokens
from jixiao.web.accounts.models import ApiToken
from jixiao.web.api.base import api_view, error, json_response


def token_data(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.pk,
        "username": row.user.get_username(),
        "prefix": row.prefix,
        "created": row.created,
        "last_used": row.last_used,
        "expires": row.expires,
    }


@api_view("GET")
def token_list(request: HttpRequest) -> HttpResponse:
    """Your tokens, newest first (an admin sees everybody's); never the token itself."""
    rows = list(tokens.visible_tokens(request.user)[:1000])
    return json_response(
        {
            "count": len(rows),
            "page": 1,
            "page_size": max(len(rows), 1),
            "results": [token_data(r) for r in rows],
        }
    )


@api_view("DELETE")
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one token: its owner or an admin."""
    row = tokens.visible_tokens(request.user).filter(pk=pk).first()
    if row is None:
        return error(404, "令牌不存在")
    tokens.revoke(row, by=request.user, reason="手动撤销")
    return HttpResponse(status=204)


def logout(request: HttpRequest) -> HttpResponse:
    """DELETE /token with ``Authorization: Bearer``: the token sent stops working."""
    scheme, _, plain = request.headers.get("Authorization", "").partition(" ")
    row = tokens.find(plain.strip()) if scheme.lower() == "bearer" and plain.strip() else None
    if row is None:
        return error(401, "令牌无效或已失效")
    tokens.revoke(row, by=row.user, reason="退出登录")
    return HttpResponse(status=204)
