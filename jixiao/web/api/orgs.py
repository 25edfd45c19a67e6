"""API of setting up (系统管理员 only): regions, units and users → 201.

The checks and the audit entries are those of the pages (`jixiao.web.orgs.services`,
`jixiao.web.accounts.services`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Schema, Status

from jixiao.web import permissions
from jixiao.web.accounts.services import check_password, create_user
from jixiao.web.api.base import BadRequest
from jixiao.web.api.common import ApiRouter, errors
from jixiao.web.orgs import services as orgs
from jixiao.web.orgs.models import Region, Unit

router = ApiRouter(tags=["设置"])

#: One code or a list of codes.
Codes = str | list[str] | None


class RegionIn(Schema):
    code: str
    name: str
    parent: str | None = Field(None, description="上级区划编码")


class RegionOut(Schema):
    id: int
    code: str
    name: str
    parent: str | None


class UnitIn(Schema):
    code: str
    name: str
    region: str = Field(description="区划编码")
    department: str = Field(description="该区划中已有的主管部门编码")


class UnitOut(Schema):
    id: int
    code: str
    name: str
    region: str
    department: str


class UserIn(Schema):
    username: str
    password: str = Field(description="须符合系统的密码规则")
    role: str = Field(description="角色：unit、reviewer、admin、auditor")
    unit: str | None = Field(None, description="填报人所属单位的编码")
    region: Codes = Field(None, description="审核人负责的区划编码（一个或列表）")
    department: Codes = Field(None, description="审核人负责的主管部门编码（一个或列表）")
    full_name: str | None = ""


class UserOut(Schema):
    id: int
    username: str
    role: str
    unit: str | None
    region: list[str]
    department: list[str]


def _admin(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied("只有系统管理员可以管理区划、单位和用户")


def _required(value: str, key: str, what: str) -> str:
    if not value.strip():
        raise BadRequest(f"请提供 {key}（{what}）")
    return value.strip()


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise BadRequest(f"财政区划“{code}”不存在")
    return region


@router.post("regions", response={201: RegionOut, **errors(400)}, url_name="regions")
def regions(request: HttpRequest, payload: RegionIn) -> Status[RegionOut]:
    """New region (财政区划): code, name, parent (a region code)."""
    _admin(request)
    parent_code = (payload.parent or "").strip() or None
    parent = _region(parent_code) if parent_code else None
    region = orgs.create_region(payload.code, payload.name, parent, by=request.user)
    return Status(
        201, RegionOut(id=region.pk, code=region.code, name=region.name, parent=parent_code)
    )


@router.post("units", response={201: UnitOut, **errors(400)}, url_name="units")
def units(request: HttpRequest, payload: UnitIn) -> Status[UnitOut]:
    """New unit (预算单位) under a department that exists in the region."""
    _admin(request)
    region = _required(payload.region, "region", "区划编码")
    department = orgs.find_department(
        region, _required(payload.department, "department", "主管部门编码")
    )
    unit = orgs.create_unit(department, payload.code, payload.name, by=request.user)
    return Status(
        201,
        UnitOut(
            id=unit.pk,
            code=unit.code,
            name=unit.name,
            region=department.region.code,
            department=department.code,
        ),
    )


def _codes(value: Codes) -> list[str]:
    values = [value] if isinstance(value, str) else value or []
    return [v.strip() for v in values if v.strip()]


@router.post("users", response={201: UserOut, **errors(400)}, url_name="users")
def users(request: HttpRequest, payload: UserIn) -> Status[UserOut]:
    """New user: a 填报人 names a unit, a 审核人 regions or departments."""
    _admin(request)
    username = _required(payload.username, "username", "用户名")
    role = _required(payload.role, "role", "角色：unit、reviewer、admin、auditor")
    unit_code = (payload.unit or "").strip()
    unit = None
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise BadRequest(f"单位编码“{unit_code}”不存在")
    regions = [_region(c) for c in _codes(payload.region)]
    departments = [orgs.find_department(None, c) for c in _codes(payload.department)]
    user_model = get_user_model()
    check_password(
        payload.password, user_model(username=username, first_name=payload.full_name or "")
    )
    user = create_user(
        username,
        role,
        payload.password,
        unit=unit,
        regions=regions,
        departments=departments,
        by=request.user,
        full_name=payload.full_name or "",
    )
    return Status(
        201,
        UserOut(
            id=user.pk,
            username=user.username,
            role=role,
            unit=unit.code if unit else None,
            region=[r.code for r in regions],
            department=[d.code for d in departments],
        ),
    )
