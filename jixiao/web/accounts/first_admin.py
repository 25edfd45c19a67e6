"""第一次使用: the page that makes the first 系统管理员 with the token `jixiao serve`
printed (`first_run`), and the log-in page that says so while there is none."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao.core.names import user_name_key
from jixiao.web.accounts import first_run
from jixiao.web.accounts.services import UserError, create_admin

#: How the audit log names who made the first administrator in the browser.
ACTOR = "第一次使用（网页）"


class FirstAdminForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名或说明", max_length=150, initial="系统管理员")
    password1 = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再输入一次", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            raise forms.ValidationError("两次输入的密码不一致")
        return data


def first_admin(request: HttpRequest) -> HttpResponse:
    if first_run.has_admin():
        if request.user.is_authenticated:
            return redirect("home")
        messages.info(request, "系统管理员已经创建，请登录")
        return redirect("login")
    token = request.POST.get("token") or request.GET.get("token") or ""
    if not first_run.matches(token):
        return render(request, "accounts/first_admin.html", {"refused": True}, status=403)
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not first_run.claim(token):  # another browser is making it at this moment
            return render(request, "accounts/first_admin.html", {"refused": True}, status=403)
        try:
            with transaction.atomic():
                if first_run.has_admin():  # someone else was quicker
                    raise UserError("系统管理员已经创建，请登录")
                user = create_admin(
                    data["username"].strip(), data["password1"], data["full_name"], by=ACTOR
                )
        except UserError as e:
            first_run.release(token)
            form.add_error(None, str(e))
        except BaseException:
            first_run.release(token)
            raise
        else:
            first_run.spend()
            messages.success(
                request,
                f"已创建系统管理员 {user.username}。请用刚才设置的密码登录，"
                "然后在“系统设置”中依次建立财政区划、主管部门、预算单位和用户。",
            )
            return redirect("login")
    return render(request, "accounts/first_admin.html", {"form": form, "token": token})


class LoginForm(AuthenticationForm):
    """The log-in form, reading the user name as the API token endpoint and the lock-out
    count read it (`jixiao.core.names.user_name_key`)."""

    def clean_username(self) -> str:
        return user_name_key(self.cleaned_data.get("username"))


class LoginView(auth_views.LoginView):
    template_name = "front/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["no_admin"] = not first_run.has_admin()
        return context
