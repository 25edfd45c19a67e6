"""Setting up, in the browser (系统设置): regions, departments, units, users, bulk upload.

Only the 系统管理员 reaches these pages (`permissions.can_manage`; others get 403). Every
change goes through `jixiao.web.orgs.services` / `jixiao.web.accounts.services`, which
check it and write the audit entry. Any signed-in user changes their own password here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.accounts import lockout
from jixiao.web.accounts import services as accounts
from jixiao.web.accounts.models import REVIEWER, ROLES, UNIT
from jixiao.web.front import setup_forms as f
from jixiao.web.orgs import bulk
from jixiao.web.orgs import services as orgs
from jixiao.web.orgs.models import Department, Region, Unit


def admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_manage(request.user):
            raise PermissionDenied("只有系统管理员可以管理区划、部门、单位和用户")
        return view(request, *args, **kwargs)

    return wrapper


def _get(model: Any, pk: int, what: str) -> Any:
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"{what}不存在")
    return obj


def _submit(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], str], to: str
) -> tuple[HttpResponse | None, list[str]]:
    """On POST: a valid ``form`` goes to ``save`` (a service call returning the success
    message) and the answer is a redirect to ``to``; otherwise the problems to show, the
    service's refusal or the form's errors."""
    if request.method != "POST":
        return None, []
    if not form.is_valid():
        return None, f.problems(form)
    try:
        message = save(form.cleaned_data)
    except JixiaoError as e:
        return None, [str(e)]
    messages.success(request, message)
    return redirect(to), []


def _page(
    request: HttpRequest,
    title: str,
    *,
    form: Any = None,
    problems: list[str] | None = None,
    columns: list[str] | None = None,
    rows: Sequence[tuple[str | None, Sequence[Any]]] | None = None,
    submit: str = "保存",
    extra: dict[str, Any] | None = None,
    status: int = 200,
    template: str = "front/setup_page.html",
) -> HttpResponse:
    ctx = {
        "title": title,
        "form": form,
        "problems": problems or [],
        "columns": columns or [],
        "rows": rows or [],
        "submit": submit,
        "nav": "setup",
        **(extra or {}),
    }
    return render(request, template, ctx, status=status)


#: Rows per page of the setting-up lists (a province has 50,000 units and their users).
LIST_ROWS = 100


def _paged(request: HttpRequest, qs: Any, *fields: str) -> tuple[Any, dict[str, Any]]:
    """A page of ``qs`` (``?page=``), narrowed by ``?q=`` on ``fields`` (containing it),
    and what the list's search box and pager show."""
    q = request.GET.get("q", "").strip()[:100]
    if q:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(match)
    page = Paginator(qs, LIST_ROWS).get_page(request.GET.get("page"))
    return page.object_list, {"page": page, "q": q, "searchable": True}


@admin_only
def index(request: HttpRequest) -> HttpResponse:
    counts = {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "units": Unit.objects.count(),
        "users": get_user_model().objects.count(),
    }
    return render(request, "front/setup_index.html", {"counts": counts, "nav": "setup"})


# -- regions ------------------------------------------------------------------------------


@admin_only
def regions(request: HttpRequest) -> HttpResponse:
    form = f.RegionForm(request.POST or None)

    def save(c: dict[str, Any]) -> str:
        region = orgs.create_region(c["code"], c["name"], c["parent"], by=request.user)
        return f"已创建财政区划：{region}"

    done, problems = _submit(request, form, save, "setup_regions")
    if done:
        return done
    rows = [
        (
            reverse("setup_region", args=[r.pk]),
            [r.code, r.name, r.parent.name if r.parent else "—", r.n_dep],
        )
        for r in Region.objects.select_related("parent").annotate(n_dep=Count("departments"))
    ]
    return _page(
        request,
        "财政区划",
        form=form,
        problems=problems,
        columns=["区划编码", "区划名称", "上级区划", "主管部门数"],
        rows=rows,
        submit="新建区划",
        status=400 if problems else 200,
    )


@admin_only
def region_edit(request: HttpRequest, pk: int) -> HttpResponse:
    region = _get(Region, pk, "财政区划")
    form = f.RegionForm(
        request.POST or None,
        initial={"code": region.code, "name": region.name, "parent": region.parent},
    )
    form.fields["code"].disabled = True
    form.fields["parent"].queryset = Region.objects.exclude(pk=region.pk)  # type: ignore[attr-defined]

    def save(c: dict[str, Any]) -> str:
        orgs.update_region(
            region, form.cleaned_data["name"], form.cleaned_data["parent"], by=request.user
        )
        return "已保存"

    done, problems = _submit(request, form, save, "setup_regions")
    if done:
        return done
    return _page(
        request,
        f"修改财政区划：{region}",
        form=form,
        problems=problems,
        extra={"back": reverse("setup_regions")},
        status=400 if problems else 200,
    )


# -- departments --------------------------------------------------------------------------


@admin_only
def departments(request: HttpRequest) -> HttpResponse:
    form = f.DepartmentForm(request.POST or None)

    def save(c: dict[str, Any]) -> str:
        d = orgs.create_department(c["region"], c["code"], c["name"], by=request.user)
        return f"已创建主管部门：{d}"

    done, problems = _submit(request, form, save, "setup_departments")
    if done:
        return done
    shown, paging = _paged(
        request,
        Department.objects.select_related("region").order_by("region__code", "code", "pk"),
        "code",
        "name",
        "region__name",
    )
    shown = list(shown)
    n_units = dict(
        Department.objects.filter(pk__in=[d.pk for d in shown])
        .annotate(n=Count("units"))
        .values_list("pk", "n")
    )
    rows = [
        (
            reverse("setup_department", args=[d.pk]),
            [d.region.name, d.code, d.name, n_units.get(d.pk, 0)],
        )
        for d in shown
    ]
    return _page(
        request,
        "主管部门",
        form=form,
        problems=problems,
        columns=["财政区划", "主管部门编码", "主管部门名称", "单位数"],
        rows=rows,
        submit="新建主管部门",
        extra=paging,
        status=400 if problems else 200,
    )


@admin_only
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = _get(Department, pk, "主管部门")
    form = f.DepartmentForm(
        request.POST or None,
        initial={"region": department.region, "code": department.code, "name": department.name},
    )
    form.fields["region"].disabled = form.fields["code"].disabled = True

    def save(c: dict[str, Any]) -> str:
        orgs.update_department(department, form.cleaned_data["name"], by=request.user)
        return "已保存"

    done, problems = _submit(request, form, save, "setup_departments")
    if done:
        return done
    return _page(
        request,
        f"修改主管部门：{department}",
        form=form,
        problems=problems,
        extra={"back": reverse("setup_departments")},
        status=400 if problems else 200,
    )


# -- units --------------------------------------------------------------------------------


@admin_only
def units(request: HttpRequest) -> HttpResponse:
    form = f.UnitForm(request.POST or None)

    def save(c: dict[str, Any]) -> str:
        unit = orgs.create_unit(c["department"], c["code"], c["name"], by=request.user)
        return f"已创建单位：{unit}"

    done, problems = _submit(request, form, save, "setup_units")
    if done:
        return done
    shown, paging = _paged(
        request, Unit.objects.select_related("department__region").order_by("code"), "code", "name"
    )
    shown = list(shown)
    members = dict(
        Unit.objects.filter(pk__in=[u.pk for u in shown])
        .annotate(n=Count("members"))
        .values_list("pk", "n")
    )
    rows = [
        (
            reverse("setup_unit", args=[u.pk]),
            [u.code, u.name, u.department.region.name, u.department.name, members.get(u.pk, 0)],
        )
        for u in shown
    ]
    return _page(
        request,
        "预算单位",
        form=form,
        problems=problems,
        columns=["单位编码", "单位名称", "财政区划", "主管部门", "填报人数"],
        rows=rows,
        submit="新建单位",
        extra={"upload_kind": "units", **paging},
        status=400 if problems else 200,
    )


@admin_only
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get(Unit, pk, "单位")
    form = f.UnitForm(
        request.POST or None,
        initial={"department": unit.department, "code": unit.code, "name": unit.name},
    )
    form.fields["code"].disabled = True

    def save(c: dict[str, Any]) -> str:
        orgs.update_unit(unit, c["name"], c["department"], by=request.user)
        return "已保存"

    done, problems = _submit(request, form, save, "setup_units")
    if done:
        return done
    return _page(
        request,
        f"修改单位：{unit}",
        form=form,
        problems=problems,
        extra={"back": reverse("setup_units")},
        status=400 if problems else 200,
    )


# -- users --------------------------------------------------------------------------------


def _scope(user: Any) -> str:
    profile = getattr(user, "profile", None)
    if profile is None:
        return "—"
    if profile.role == UNIT:
        return str(profile.unit) if profile.unit else "—"
    names = [r.name for r in profile.regions.all()] + [d.name for d in profile.departments.all()]
    return "、".join(names) or "全部"


@admin_only
def users(request: HttpRequest) -> HttpResponse:
    form = f.UserCreateForm(request.POST or None)

    def save(c: dict[str, Any]) -> str:
        accounts.check_password(
            c["password"],
            get_user_model()(username=c["username"], first_name=c["full_name"]),
        )
        user = accounts.create_user(
            c["username"].strip(),
            c["role"],
            c["password"],
            # Only the chosen role's scope: the one unit is offered chosen on a new
            # installation's form, and a 审核人 created there does not belong to it.
            unit=c["unit"] if c["role"] == UNIT else None,
            regions=c["regions"] if c["role"] == REVIEWER else [],
            departments=c["departments"] if c["role"] == REVIEWER else [],
            by=request.user,
            full_name=c["full_name"],
        )
        return f"已创建用户：{user.username}"

    done, problems = _submit(request, form, save, "setup_users")
    if done:
        return done
    qs, paging = _paged(
        request,
        get_user_model()
        .objects.select_related("profile__unit")
        .prefetch_related("profile__regions", "profile__departments")
        .order_by("username"),
        "username",
        "first_name",
    )
    locked = lockout.locked_usernames()
    rows = [
        (
            reverse("setup_user", args=[u.pk]),
            [
                u.username,
                u.first_name or "—",
                ROLES.get(getattr(getattr(u, "profile", None), "role", ""), "—"),
                _scope(u),
                ("启用" if u.is_active else "停用")
                + ("（已锁定）" if u.username in locked else ""),
            ],
        )
        for u in qs
    ]
    return _page(
        request,
        "用户",
        form=form,
        problems=problems,
        columns=["用户名", "姓名", "角色", "单位或负责范围", "状态"],
        rows=rows,
        submit="新建用户",
        extra={"upload_kind": "users", **paging},
        status=400 if problems else 200,
    )


@admin_only
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _get(get_user_model(), pk, "用户")
    profile = getattr(user, "profile", None)
    data = request.POST if request.method == "POST" and "role" in request.POST else None
    form = f.UserEditForm(
        data,
        initial={
            "role": profile.role if profile else "",
            "unit": profile.unit if profile else None,
            "regions": list(profile.regions.all()) if profile else [],
            "departments": list(profile.departments.all()) if profile else [],
            "is_active": user.is_active,
        },
    )
    reset = f.PasswordResetForm(
        request.POST if request.method == "POST" and "password" in request.POST else None
    )
    problems: list[str] = []
    if request.method == "POST" and "unlock" in request.POST:
        if lockout.lift(user, request.user):
            messages.success(request, f"已解除 {user.username} 的登录锁定")
        return redirect("setup_user", pk=user.pk)
    if data is not None:
        if form.is_valid():
            c = form.cleaned_data
            if user.pk == request.user.pk and (not c["is_active"] or c["role"] != "admin"):
                problems.append("不能停用自己或取消自己的系统管理员角色")
            else:
                try:
                    accounts.update_user(
                        user,
                        role=c["role"],
                        unit=c["unit"],
                        regions=c["regions"],
                        departments=c["departments"],
                        is_active=c["is_active"],
                        by=request.user,
                    )
                except JixiaoError as e:
                    problems.append(str(e))
                else:
                    messages.success(request, f"已保存用户 {user.username}")
                    return redirect("setup_users")
        problems = problems or f.problems(form)
    elif reset.is_bound:
        if reset.is_valid():
            try:
                accounts.check_password(reset.cleaned_data["password"], user)
                accounts.update_user(user, password=reset.cleaned_data["password"], by=request.user)
                lockout.lift(user, request.user)  # a forgotten password: let them log in
            except JixiaoError as e:
                problems.append(str(e))
            else:
                messages.success(request, f"已重设 {user.username} 的密码")
                return redirect("setup_users")
        problems = problems or f.problems(reset)
    return _page(
        request,
        f"修改用户：{user.username}",
        form=form,
        problems=problems,
        extra={
            "back": reverse("setup_users"),
            "reset": reset,
            "locked_until": lockout.locked_until(user.get_username()),
            "lockout_message": (
                f"该用户登录失败次数过多（{settings.AXES_FAILURE_LIMIT} 次），已被锁定，"
            ),
        },
        status=400 if problems else 200,
        template="front/setup_user.html",
    )


# -- bulk upload --------------------------------------------------------------------------


@admin_only
def upload(request: HttpRequest) -> HttpResponse:
    form = f.UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            kind, file = form.cleaned_data["kind"], form.cleaned_data["file"]
            try:
                result = bulk.upload(kind, file.read(), file.name, request.user)
            except bulk.BulkError as e:
                problems = [f"{file.name}：未导入任何内容，请改正以下问题后重新上传", *e.lines]
            except JixiaoError as e:
                problems = [f"{file.name}：{e}"]
            else:
                label = bulk.KINDS[kind][0]
                messages.success(request, f"已导入 {len(result.created)} 个{label}")
                return redirect("setup_units" if kind == "units" else "setup_users")
        else:
            problems = f.problems(form)
    elif request.GET.get("kind") in bulk.KINDS:
        form.initial["kind"] = request.GET["kind"]
    return _page(
        request,
        "批量导入单位和用户",
        form=form,
        problems=problems,
        submit="上传并导入",
        extra={"help": bulk.HELP, "multipart": True},
        status=400 if problems else 200,
        template="front/setup_upload.html",
    )


@admin_only
def template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in bulk.KINDS:
        raise Http404("没有这个模板")
    response = HttpResponse(
        bulk.template(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    label = bulk.KINDS[kind][0]
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename={kind}-template.xlsx; filename*=UTF-8''{quote(label + '导入模板.xlsx')}"
    )
    return response
