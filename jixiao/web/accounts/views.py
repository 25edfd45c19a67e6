"""The account page: change your password, choose the unit amounts are shown in, see and
revoke API tokens (an admin: all)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash, user_login_failed
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.core.amounts import DISPLAY_UNITS
from jixiao.web.accounts import tokens
from jixiao.web.accounts.lockout import lockout_message
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.accounts.models import Profile
from jixiao.web.accounts.services import UserError, change_own_password
from jixiao.web.permissions import role_of


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The one page where users change their own password (/password/ redirects here)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    # The old password is a password guess like a log-in: counted by the same lock-out, so
    # whoever holds a session cannot try old passwords without end.
    credentials = {"username": request.user.get_username()}
    if request.method == "POST" and not AxesProxyHandler.is_allowed(request, credentials):
        return _locked_out(request, credentials["username"])
    if request.method == "POST" and not form.is_valid() and "old_password" in form.errors:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            # The guess that reached the limit: this page says so itself, rather than
            # django-axes's middleware answering with the log-in page.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            return _locked_out(request, credentials["username"])
    if request.method == "POST" and form.is_valid():
        forced = must_change_password(request.user)  # the first log-in's initial password
        # The same password rules as every other place that sets a password; it also
        # clears the demo password's must-change mark, and saving the password revokes the
        # API tokens (accounts.signals). Audited as user.password.
        try:
            change_own_password(
                request.user,
                form.cleaned_data["old_password"],
                form.cleaned_data["new_password1"],
            )
        except UserError as e:
            form.add_error("new_password1", str(e))
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            if forced:  # nothing else to do here: on to the work itself
                messages.success(request, "密码已修改，现在可以开始使用了")
                return redirect("home")
            messages.success(request, "密码已修改；原有的 API 令牌均已撤销")
            return redirect("account")
    return render(request, "accounts/account.html", _account_context(request, form))


def _locked_out(request: HttpRequest, username: str) -> HttpResponse:
    """The account page with the one-line lock-out message; nothing changed (429)."""
    messages.error(request, lockout_message(username))
    form = PasswordChangeForm(request.user)  # unbound: nothing said about the guess
    return render(request, "accounts/account.html", _account_context(request, form), status=429)


def _account_context(request: HttpRequest, form: PasswordChangeForm) -> dict[str, object]:
    return {
        "form": form,
        "display_units": DISPLAY_UNITS,
        "display_unit": getattr(_profile(request), "display_unit", None),
        "tokens": list(tokens.visible_tokens(request.user)[:500]),
        "all_users": role_of(request.user) == "admin",
        "nav": "account",
    }


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = tokens.visible_tokens(request.user).filter(pk=pk).first()
    if row is None:
        messages.error(request, "令牌不存在或已撤销")
    else:
        tokens.revoke(row, by=request.user, reason="手动撤销")
        messages.success(request, f"已撤销令牌 {row.prefix}…")
    return redirect("account")


def _profile(request: HttpRequest) -> Profile | None:
    profile = getattr(request.user, "profile", None)  # a superuser made by hand has none
    return profile if isinstance(profile, Profile) else None


@login_required
@require_POST
def display_unit(request: HttpRequest) -> HttpResponse:
    """Save the unit (元 or 万元) the pages listing several documents show amounts in."""
    unit = request.POST.get("display_unit", "")
    profile = _profile(request)
    if unit not in DISPLAY_UNITS or profile is None:
        messages.error(request, f"金额显示单位只能是 {'或'.join(DISPLAY_UNITS)}")
    else:
        profile.display_unit = unit
        profile.save(update_fields=["display_unit"])
        messages.success(request, f"金额显示单位已改为{unit}")
    return redirect("account")
