"""Creating regions, departments and units (admin tasks, the import command, demo data)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jixiao.core import model as core
from jixiao.web.audit.log import record
from jixiao.web.orgs.models import Department, Region, Unit

UNKNOWN_REGION = ("000000", "未指定区划")


def region_code_of(doc: core.Document) -> str | None:
    """The finance region from the project codes (their first six characters), if any."""
    for p in doc.projects:
        if p.code and len(p.code) >= 6 and p.code[:6].isdigit():
            return p.code[:6]
    return None


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


def unit_for_document(doc: core.Document, user: Any = None) -> Unit:
    """The document's own unit, created from what the document says when missing."""
    if not doc.unit.code:
        from jixiao.core.errors import ReadError

        raise ReadError("文档中没有单位编码，请用 --unit 指定单位")
    return ensure_unit(doc.unit.code, doc.unit.name, region_code=region_code_of(doc), user=user)
