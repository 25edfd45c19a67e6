"""Creating users with a role and scope (the createuser command, demo data, tests)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.errors import JixiaoError
from jixiao.web.accounts.models import ADMIN, REVIEWER, ROLES, UNIT, Profile
from jixiao.web.audit.log import record
from jixiao.web.orgs.models import Department, Region, Unit


class UserError(JixiaoError):
    pass


@transaction.atomic
def create_user(
    username: str,
    role: str,
    password: str | None,
    *,
    unit: Unit | None = None,
    regions: Iterable[Region] = (),
    departments: Iterable[Department] = (),
    by: Any = None,
    full_name: str = "",
) -> Any:
    """A new user with ``role``; a unit user needs a unit, a reviewer regions or departments."""
    User = get_user_model()
    regions, departments = list(regions), list(departments)
    if role not in ROLES:
        raise UserError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    if not username.strip():
        raise UserError("用户名不能为空")
    if User.objects.filter(username=username).exists():
        raise UserError(f"用户“{username}”已存在")
    if role == UNIT and unit is None:
        raise UserError("填报人必须指定所属单位（--unit）")
    if role != UNIT and unit is not None:
        raise UserError("只有填报人才属于某个单位")
    if role == REVIEWER and not (regions or departments):
        raise UserError("审核人必须指定负责的财政区划（--region）或主管部门（--department）")
    if role != REVIEWER and (regions or departments):
        raise UserError("只有审核人才负责财政区划或主管部门")
    user = User(username=username, first_name=full_name, is_staff=role == ADMIN)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    profile = Profile.objects.create(user=user, role=role, unit=unit)
    profile.regions.set(regions)
    profile.departments.set(departments)
    record(
        by,
        "user.create",
        user,
        object_repr=username,
        new={
            "username": username,
            "role": role,
            "unit": unit.code if unit else None,
            "regions": [r.code for r in regions],
            "departments": [d.code for d in departments],
        },
    )
    return user
