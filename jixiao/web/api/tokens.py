"""Token endpoints: list your tokens (an admin: all), revoke one, log out (revoke your own)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from jixiao.web.accounts import tokens
from jixiao.web.accounts.models import ApiToken
from jixiao.web.api.base import error

router = Router(tags=["令牌"])


class TokenOut(Schema):
    id: int
    username: str
    prefix: str
    created: datetime
    last_used: datetime | None
    expires: datetime | None


class TokenList(Schema):
    count: int
    page: int
    page_size: int
    results: list[TokenOut]


class Error(Schema):
    error: str


def token_data(row: ApiToken) -> TokenOut:
    return TokenOut(
        id=row.pk,
        username=row.user.get_username(),
        prefix=row.prefix,
        created=row.created,
        last_used=row.last_used,
        expires=row.expires,
    )


@router.get("tokens", response={200: TokenList}, url_name="tokens")
def token_list(request: HttpRequest) -> TokenList:
    """Your tokens, newest first (an admin sees everybody's); never the token itself."""
    rows = list(tokens.visible_tokens(request.user)[:1000])
    return TokenList(
        count=len(rows),
        page=1,
        page_size=max(len(rows), 1),
        results=[token_data(r) for r in rows],
    )


@router.delete("tokens/{int:pk}", response={204: None, 404: Error}, url_name="token_detail")
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
