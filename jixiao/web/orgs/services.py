"""Creating regions, departments and units (admin tasks, the import command, demo data)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError
from jixiao.core.regions import region_code_of
from jixiao.core.textcodec import INVISIBLE, drop_invisible
from jixiao.web.audit.log import record
from jixiao.web.orgs.models import Department, Region, Unit

UNKNOWN_REGION = ("000000", "未指定区划")


def department_code_of(unit_code: str) -> str:
    """Unit codes are the department code plus a three-digit serial (314003 → 314)."""
    return unit_code[:-3] if len(unit_code) > 3 and unit_code.isdigit() else unit_code


@transaction.atomic
def ensure_unit(
    code: str,
    name: str,
    *,
    region_code: str | None = None,
    region_name: str | None = None,
    department_code: str | None = None,
    department_name: str | None = None,
    user: Any = None,
) -> Unit:
    """The unit with ``code``, created (with its region and department) when missing."""
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    rcode = region_code or UNKNOWN_REGION[0]
    region, _ = Region.objects.get_or_create(
        code=rcode,
        defaults={
            "name": region_name or (UNKNOWN_REGION[1] if not region_code else f"区划{rcode}")
        },
    )
    dcode = department_code or department_code_of(code)
    department, _ = Department.objects.get_or_create(
        region=region, code=dcode, defaults={"name": department_name or f"主管部门{dcode}"}
    )
    unit = Unit.objects.create(department=department, code=code, name=name)
    record(
        user,
        "unit.create",
        unit,
        new={"code": code, "name": name, "department": dcode, "region": rcode},
    )
    return unit


def ensure_units(
    specs: list[tuple[str, str, str | None, str | None]], user: Any = None
) -> dict[str, Unit]:
    """`ensure_unit` for many ``(code, name, region_code, region_name)`` at once (bulk loads):
    the units by code, the missing ones created with their regions and departments in a
    few queries, each with its ``unit.create`` audit entry."""
    from jixiao.web.audit.log import record_many

    codes = {code for code, _, _, _ in specs}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = {}
    for code, name, region_code, region_name in specs:
        if code not in units and code not in missing:
            missing[code] = (name, region_code or UNKNOWN_REGION[0], region_code, region_name)
    if not missing:
        return units
    with transaction.atomic():
        regions = {
            r.code: r for r in Region.objects.filter(code__in={m[1] for m in missing.values()})
        }
        for _name, rcode, region_code, region_name in missing.values():
            if rcode not in regions:
                regions[rcode] = Region.objects.create(
                    code=rcode,
                    name=region_name or (UNKNOWN_REGION[1] if not region_code else f"区划{rcode}"),
                )
        departments = {
            (d.region_id, d.code): d
            for d in Department.objects.filter(region__in=list(regions.values()))
        }
        new = []
        for code, (name, rcode, _, _) in missing.items():
            region = regions[rcode]
            dcode = department_code_of(code)
            department = departments.get((region.pk, dcode))
            if department is None:
                department = Department.objects.create(
                    region=region, code=dcode, name=f"主管部门{dcode}"
                )
                departments[(region.pk, dcode)] = department
            new.append(Unit(department=department, code=code, name=name))
        Unit.objects.bulk_create(new)
        record_many(
            user,
            "unit.create",
            [
                (
                    u,
                    {
                        "code": u.code,
                        "name": u.name,
                        "department": u.department.code,
                        "region": u.department.region.code,
                    },
                )
                for u in new
            ],
        )
    units.update({u.code: u for u in new})
    return units


def unit_for_document(doc: core.Document, user: Any = None) -> Unit:
    """The document's own unit, created from what the document says when missing."""
    return unit_named(doc.unit.code, doc.unit.name, region_code_of(doc), user)


def unit_named(code: str | None, name: str, region_code: str | None, user: Any = None) -> Unit:
    """`unit_for_document` from the document's unit code and name and its region (what a
    reader process of ``jixiao import`` sends instead of the document)."""
    if not code:
        from jixiao.core.errors import ReadError

        raise ReadError("文档中没有单位编码，请用 --unit 指定单位")
    return ensure_unit(code, name, region_code=region_code, user=user)


# -- the admin's pages, the API and the bulk upload -----------------------------------------


class OrgError(JixiaoError):
    """A region, department or unit that cannot be created or changed as asked."""


def _code(code: Any, what: str, max_length: int) -> str:
    text = str(code or "").strip()
    if not text:
        raise OrgError(f"{what}不能为空")
    if INVISIBLE.search(text):  # "314\u200b003" would pass for 314003 on every page
        shown = drop_invisible(text)[:40]
        raise OrgError(f"{what}“{shown}”含有看不见的字符（零宽字符或文字方向符），请重新输入")
    if len(text) > max_length or any(c.isspace() for c in text):
        raise OrgError(f"{what}“{text[:40]}”无效（不超过 {max_length} 个字符，不含空格）")
    return text


def _name(name: Any, what: str, max_length: int) -> str:
    # Zero-width and direction characters pasted in: a name must look like what it is.
    text = drop_invisible(str(name or "")).strip()
    if not text:
        raise OrgError(f"{what}不能为空")
    if len(text) > max_length:
        raise OrgError(f"{what}过长（不超过 {max_length} 个字符）")
    return text


@transaction.atomic
def create_region(code: Any, name: Any, parent: Region | None = None, *, by: Any) -> Region:
    code, name = _code(code, "区划编码", 12), _name(name, "区划名称", 100)
    if Region.objects.filter(code=code).exists():
        raise OrgError(f"区划编码“{code}”已存在")
    region = Region.objects.create(code=code, name=name, parent=parent)
    record(by, "region.create", region, new=_region_state(region))
    return region


def _region_state(r: Region) -> dict[str, Any]:
    return {"code": r.code, "name": r.name, "parent": r.parent.code if r.parent else None}


@transaction.atomic
def update_region(region: Region, name: Any, parent: Region | None, *, by: Any) -> Region:
    old = _region_state(region)
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == region.pk:
            raise OrgError("上级区划不能是该区划本身或其下级")
        ancestor = ancestor.parent
    region.name, region.parent = _name(name, "区划名称", 100), parent
    region.save()
    new = _region_state(region)
    if new != old:
        record(by, "region.update", region, old=old, new=new)
    return region


def _department_state(d: Department) -> dict[str, Any]:
    return {"code": d.code, "name": d.name, "region": d.region.code}


@transaction.atomic
def create_department(region: Region, code: Any, name: Any, *, by: Any) -> Department:
    code, name = _code(code, "主管部门编码", 20), _name(name, "主管部门名称", 200)
    if Department.objects.filter(region=region, code=code).exists():
        raise OrgError(f"区划“{region.name}”中已有主管部门编码“{code}”")
    department = Department.objects.create(region=region, code=code, name=name)
    record(by, "department.create", department, new=_department_state(department))
    return department


@transaction.atomic
def update_department(department: Department, name: Any, *, by: Any) -> Department:
    old = _department_state(department)
    department.name = _name(name, "主管部门名称", 200)
    department.save()
    new = _department_state(department)
    if new != old:
        record(by, "department.update", department, old=old, new=new)
    return department


def _unit_state(u: Unit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "department": u.department.code,
        "region": u.department.region.code,
    }


@transaction.atomic
def create_unit(department: Department, code: Any, name: Any, *, by: Any) -> Unit:
    code, name = _code(code, "单位编码", 20), _name(name, "单位名称", 200)
    if Unit.objects.filter(code=code).exists():
        raise OrgError(f"单位编码“{code}”已存在")
    unit = Unit.objects.create(department=department, code=code, name=name)
    record(by, "unit.create", unit, new=_unit_state(unit))
    return unit


@transaction.atomic
def update_unit(unit: Unit, name: Any, department: Department, *, by: Any) -> Unit:
    old = _unit_state(unit)
    unit.name, unit.department = _name(name, "单位名称", 200), department
    unit.save()
    new = _unit_state(unit)
    if new != old:
        record(by, "unit.update", unit, old=old, new=new)
    return unit


def find_department(region_code: str | None, department_code: str) -> Department:
    """The department with ``department_code`` (in ``region_code`` when given)."""
    qs = Department.objects.select_related("region").filter(code=department_code)
    if region_code:
        qs = qs.filter(region__code=region_code)
    found = list(qs[:2])
    if not found:
        where = f"区划“{region_code}”中" if region_code else ""
        raise OrgError(f"{where}没有主管部门编码“{department_code}”")
    if len(found) > 1:
        raise OrgError(f"主管部门编码“{department_code}”在多个区划中重名，请同时注明区划编码")
    return found[0]
