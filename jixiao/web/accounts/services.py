"""Creating users with a role and scope (the createuser command, demo data, tests)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.errors import JixiaoError
from jixiao.core.names import clean_user_name
from jixiao.web.accounts.models import ADMIN, REVIEWER, ROLES, UNIT, Profile
from jixiao.web.accounts.passwords import PasswordRuleError, check_password_rules
from jixiao.web.audit.log import record
from jixiao.web.orgs.models import Department, Region, Unit
from jixiao.web.permissions import forget_scope


class UserError(JixiaoError):
    pass


#: `update_user(unit=…)` default: leave the unit as it is (``None`` means "no unit").
UNCHANGED: Any = object()


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
    check_rules: bool = True,
    must_change_password: bool = False,
) -> Any:
    """A new user with ``role``; a unit user needs a unit, a reviewer regions or departments.

    The password must pass the password rules unless ``check_rules`` is False (only the
    demo users, whose password is then marked ``must_change_password``). A password given
    by another user (an administrator in the pages, the API or a bulk upload) is an initial
    password: the new user must change it before anything else (`_set_by_another`)."""
    User = get_user_model()
    regions, departments = list(regions), list(departments)
    if role not in ROLES:
        raise UserError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    try:
        username = clean_user_name(username)
    except ValueError as e:
        raise UserError(str(e)) from None
    # "Alice" beside "alice" would pass for the same person in every list.
    taken = User.objects.filter(username__iexact=username).values_list("username", flat=True)
    if same := next(iter(taken), None):
        raise UserError(
            f"用户“{same}”已存在"
            if same == username
            else f"用户“{username}”与已有用户“{same}”只差大小写，请换一个用户名"
        )
    _check_scope(role, unit, regions, departments)
    user = User(username=username, first_name=full_name, is_staff=role == ADMIN)
    if password:
        if check_rules:
            check_password_rules(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    profile = Profile.objects.create(
        user=user,
        role=role,
        unit=unit,
        must_change_password=must_change_password or (bool(password) and _set_by_another(by)),
    )
    profile.regions.set(regions)
    profile.departments.set(departments)
    forget_scope(profile)
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


def _check_scope(role: str, unit: Unit | None, regions: list, departments: list) -> None:
    if role == UNIT and unit is None:
        raise UserError("填报人必须指定所属单位（--unit）")
    if role != UNIT and unit is not None:
        raise UserError("只有填报人才属于某个单位")
    if role == REVIEWER and not (regions or departments):
        raise UserError("审核人必须指定负责的财政区划（--region）或主管部门（--department）")
    if role != REVIEWER and (regions or departments):
        raise UserError("只有审核人才负责财政区划或主管部门")


def _state(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    return {
        "role": profile.role if profile else None,
        "unit": profile.unit.code if profile and profile.unit else None,
        "regions": sorted(r.code for r in profile.regions.all()) if profile else [],
        "departments": sorted(d.code for d in profile.departments.all()) if profile else [],
        "is_active": user.is_active,
    }


@transaction.atomic
def update_user(
    user: Any,
    *,
    role: str | None = None,
    unit: Any = UNCHANGED,
    regions: Iterable[Region] | None = None,
    departments: Iterable[Department] | None = None,
    is_active: bool | None = None,
    password: str | None = None,
    by: Any = None,
) -> Any:
    """Change a user's role, scope, activity or password (arguments left out stay as they
    are); audited as ``user.update`` with old and new values (never the password)."""
    profile = getattr(user, "profile", None) or Profile(user=user, role=role or "")
    old = _state(user)
    new_role = role or profile.role
    if new_role not in ROLES:
        raise UserError(f"角色“{new_role}”不存在，可选：{'、'.join(ROLES)}")
    # What is left out stays, unless the new role cannot have it (a reviewer has no unit).
    keep = bool(profile.pk)
    kept_unit = profile.unit if keep and new_role == UNIT else None
    new_unit = kept_unit if unit is UNCHANGED else unit
    if regions is None:
        new_regions = list(profile.regions.all()) if keep and new_role == REVIEWER else []
    else:
        new_regions = list(regions)
    if departments is None:
        new_departments = list(profile.departments.all()) if keep and new_role == REVIEWER else []
    else:
        new_departments = list(departments)
    _check_scope(new_role, new_unit, new_regions, new_departments)
    profile.role, profile.unit = new_role, new_unit
    profile.save()
    profile.regions.set(new_regions)
    profile.departments.set(new_departments)
    forget_scope(profile)
    user.profile = profile
    if is_active is not None:
        user.is_active = is_active
    user.is_staff = new_role == ADMIN
    if password:
        check_password_rules(password, user)
        user.set_password(password)
        # A password reset by an administrator is known to them: the user chooses their own.
        profile.must_change_password = _set_by_another(by, user)
        profile.save(update_fields=["must_change_password"])
    user.save()
    new = _state(user)
    if password:
        new["password"] = "（已修改）"
    record(by, "user.update", user, object_repr=user.get_username(), old=old, new=new)
    return user


def _set_by_another(by: Any, user: Any = None) -> bool:
    """Whether a password is set by a signed-in user other than ``user`` (an administrator),
    not by the user themself or on the command line (``by`` is then text or None)."""
    pk = getattr(by, "pk", None)
    return pk is not None and (user is None or pk != user.pk)


def check_password(password: str, user: Any = None) -> str:
    """``password`` if it passes the configured validators (AUTH_PASSWORD_VALIDATORS), else
    a `UserError` with the validators' Chinese messages. Every page, the API and the bulk
    upload call this before they set a password."""
    if not password:
        raise UserError("密码不能为空")
    try:
        check_password_rules(password, user)
    except PasswordRuleError as e:
        raise UserError(str(e)) from None
    return password


@transaction.atomic
def change_own_password(user: Any, old: str, new: str) -> None:
    """The user changes their own password (audited as ``user.password``, never the value)."""
    if not user.check_password(old):
        raise UserError("原密码不正确")
    check_password(new, user)
    user.set_password(new)
    user.save(update_fields=["password"])
    Profile.objects.filter(user=user).update(must_change_password=False)
    record(
        user, "user.password", user, object_repr=user.get_username(), new={"password": "（已修改）"}
    )


def create_admin(name: str, password: str, full_name: str = "系统管理员", *, by: Any) -> Any:
    """A 系统管理员 whose password its own holder chose (``jixiao createadmin`` and the
    first-use page): checked against the password rules, not marked must-change."""
    check_password(password, get_user_model()(username=name, first_name=full_name))
    return create_user(name, ADMIN, password, by=by, full_name=full_name)
