"""Token endpoints: get a token for a user name and password (django-axes counts the failures
and locks out: 429), log out (revoke the token sent), list your tokens (an admin: all),
revoke one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Schema, Status

from jixiao.core.names import user_name_key
from jixiao.web.accounts import tokens
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.accounts.models import ApiToken
from jixiao.web.api.base import BadRequest, error
from jixiao.web.api.common import ApiRouter, Error, Page, errors, whole

router = ApiRouter(tags=["令牌"])


class Credentials(Schema):
    username: str | None = None
    password: str | None = None


class Issued(Schema):
    token: str
    expires: datetime | None


class TokenOut(Schema):
    id: int
    username: str
    prefix: str
    created: datetime
    last_used: datetime | None
    expires: datetime | None


def token_data(row: ApiToken) -> TokenOut:
    return TokenOut(
        id=row.pk,
        username=row.user.get_username(),
        prefix=row.prefix,
        created=row.created,
        last_used=row.last_used,
        expires=row.expires,
    )


@router.get("tokens", response={200: Page[TokenOut], **errors()}, url_name="tokens")
def token_list(request: HttpRequest) -> dict[str, Any]:
    """Your tokens, newest first (an admin sees everybody's); never the token itself."""
    return whole(tokens.visible_tokens(request.user)[:1000], token_data)


@router.delete("tokens/{int:pk}", response={204: None, **errors(404)}, url_name="token_detail")
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one token: its owner or an admin."""
    row = tokens.visible_tokens(request.user).filter(pk=pk).first()
    if row is None:
        return error(404, "令牌不存在")
    tokens.revoke(row, by=request.user, reason="手动撤销")
    return HttpResponse(status=204)


@router.post(
    "token",
    auth=None,
    response={201: Issued, 400: Error, 401: Error, 403: Error, 429: Error},
    url_name="token",
)
def issue(request: HttpRequest, payload: Credentials) -> Status[Issued] | HttpResponse:
    """A new token for a user name and password (每个用户令牌数有上限，超出时最早的被撤销)."""
    try:  # django-axes reads the form of a failed login: a broken body must be a 400
        request.POST  # noqa: B018
    except MultiPartParserError:
        raise BadRequest("请求内容格式不正确，请以 JSON 提交 username 和 password") from None
    if payload.username is None or payload.password is None:
        raise BadRequest("请提供 username 和 password")
    # Refused while the user name or address is locked out (django-axes), whatever the
    # password; the lock-out middleware then answers 429.
    # The user name read as the log-in page reads it (ａｌｉｃｅ, " alice" → alice), so the
    # same name logs in, and its failures count toward the same lock-out, on both.
    username = user_name_key(payload.username)
    user = authenticate(request, username=username, password=payload.password)
    if user is None:
        return error(401, "用户名或密码不正确")
    if must_change_password(user):
        return error(403, "请先登录网页修改初始密码，再申请令牌")
    row, plain = tokens.issue(user)
    return Status(201, Issued(token=plain, expires=row.expires))


@router.delete("token", auth=None, response={204: None, 401: Error})
def logout(request: HttpRequest) -> HttpResponse:
    """Log out: the token sent in ``Authorization: Bearer`` stops working."""
    scheme, _, plain = request.headers.get("Authorization", "").partition(" ")
    row = tokens.find(plain.strip()) if scheme.lower() == "bearer" and plain.strip() else None
    if row is None:
        return error(401, "令牌无效或已失效")
    tokens.revoke(row, by=row.user, reason="退出登录")
    return HttpResponse(status=204)
