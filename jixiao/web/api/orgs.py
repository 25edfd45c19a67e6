"""API views of setting up (系统管理员 only): regions, units and users → 201.

The checks and the audit entries are those of the pages (`jixiao.web.orgs.services`,
`jixiao.web.accounts.services`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from jixiao.web import permissions
from jixiao.web.accounts.services import check_password, create_user
from jixiao.web.api.base import BadRequest, api_view, body, json_response
from jixiao.web.orgs import services as orgs
from jixiao.web.orgs.models import Region, Unit


def _admin(request: HttpRequest) -> dict[str, Any]:
    if not permissions.can_manage(request.user):
        raise PermissionDenied("只有系统管理员可以管理区划、单位和用户")
    return body(request)


def _str(data: dict[str, Any], key: str, what: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"请提供 {key}（{what}）")
    return value.strip()


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise BadRequest(f"财政区划“{code}”不存在")
    return region


@api_view("POST")
def regions(request: HttpRequest) -> HttpResponse:
    """POST {code, name, parent?} → 201 the region."""
    data = _admin(request)
    parent_code = _str(data, "parent", "上级区划编码", required=False)
    parent = _region(parent_code) if parent_code else None
    region = orgs.create_region(data.get("code"), data.get("name"), parent, by=request.user)
    return json_response(
        {"id": region.pk, "code": region.code, "name": region.name, "parent": parent_code},
        status=201,
    )


@api_view("POST")
def units(request: HttpRequest) -> HttpResponse:
    """POST {code, name, region, department} → 201; department (in region) must exist."""
    data = _admin(request)
    region = _str(data, "region", "区划编码")
    department = orgs.find_department(region, _str(data, "department", "主管部门编码") or "")
    unit = orgs.create_unit(department, data.get("code"), data.get("name"), by=request.user)
    return json_response(
        {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "region": department.region.code,
            "department": department.code,
        },
        status=201,
    )


def _codes(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(f"{key} 应为编码或编码列表")
    return [v.strip() for v in value if v.strip()]


@api_view("POST")
def users(request: HttpRequest) -> HttpResponse:
    """POST {username, password, role, unit | region | department, full_name?} → 201."""
    data = _admin(request)
    username = _str(data, "username", "用户名") or ""
    password = data.get("password")
    if not isinstance(password, str):
        raise BadRequest("请提供 password（初始密码）")
    role = _str(data, "role", "角色：unit、reviewer、admin、auditor") or ""
    unit_code = _str(data, "unit", "单位编码", required=False)
    unit = None
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise BadRequest(f"单位编码“{unit_code}”不存在")
    regions = [_region(c) for c in _codes(data.get("region"), "region")]
    departments = [
        orgs.find_department(None, c) for c in _codes(data.get("department"), "department")
    ]
    full_name = data.get("full_name") or ""
    if not isinstance(full_name, str):
        raise BadRequest("full_name 应为文字")
    check_password(password, get_user_model()(username=username, first_name=full_name))
    user = create_user(
        username,
        role,
        password,
        unit=unit,
        regions=regions,
        departments=departments,
        by=request.user,
        full_name=full_name,
    )
    return json_response(
        {
            "id": user.pk,
            "username": user.username,
            "role": role,
            "unit": unit.code if unit else None,
            "region": [r.code for r in regions],
            "department": [d.code for d in departments],
        },
        status=201,
    )
