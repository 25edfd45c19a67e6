"""Demo data: the seed document (a packaged copy) and one user per role, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

SEED = Path(__file__).with_name("xiwanglu-2022-performance-goals.txt")
PASSWORD = "jixiao-demo"
DEMO_PASSWORD: dict[str, Any] = {"check_rules": False, "must_change_password": True}

REGION = ("130213", "唐山市曹妃甸区")
DEPARTMENT = ("314", "唐山市曹妃甸区希望路街道办事处")
UNIT = ("314003", "唐山市曹妃甸区希望路街道办事处")
#: A second unit, so that the demo shows one unit not seeing another's projects.
OTHER_UNIT = ("315001", "唐山市曹妃甸区第一中学")
OTHER_DEPARTMENT = ("315", "唐山市曹妃甸区教育局")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    scope: str


LOGINS: tuple[Login, ...] = (
    Login("tianbao", "填报人", UNIT[1]),
    Login("shenhe", "审核人", REGION[1]),
    Login("guanli", "系统管理员", "全部"),
    Login("shenji", "审计员", "全部（只读）"),
    Login("tianbao2", "填报人", OTHER_UNIT[1]),
)


@transaction.atomic
def load_demo() -> bool:
    """Load the demo data unless it is there already; True when something was loaded."""
    from django.contrib.auth import get_user_model

    from jixiao.core.formats import read_bytes
    from jixiao.web.accounts.models import ADMIN, AUDITOR, REVIEWER
    from jixiao.web.accounts.models import UNIT as UNIT_ROLE
    from jixiao.web.accounts.services import create_user
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import GoalDocument
    from jixiao.web.orgs.models import Region
    from jixiao.web.orgs.services import ensure_unit

    # The demo password breaks the password rules on purpose: it is printed on the start-up
    # banner. Outside demo mode each demo user must change it at first login.
    if get_user_model().objects.filter(username=LOGINS[0].username).exists():
        return False
    unit = ensure_unit(
        UNIT[0],
        UNIT[1],
        region_code=REGION[0],
        region_name=REGION[1],
        department_code=DEPARTMENT[0],
        department_name=DEPARTMENT[1],
    )
    other = ensure_unit(
        OTHER_UNIT[0],
        OTHER_UNIT[1],
        region_code=REGION[0],
        region_name=REGION[1],
        department_code=OTHER_DEPARTMENT[0],
        department_name=OTHER_DEPARTMENT[1],
    )
    region = Region.objects.get(code=REGION[0])
    create_user(
        "tianbao", UNIT_ROLE, PASSWORD, unit=unit, full_name="希望路街道财务", **DEMO_PASSWORD
    )
    create_user(
        "shenhe", REVIEWER, PASSWORD, regions=[region], full_name="区财政局绩效科", **DEMO_PASSWORD
    )
    create_user("guanli", ADMIN, PASSWORD, full_name="系统管理员", **DEMO_PASSWORD)
    create_user("shenji", AUDITOR, PASSWORD, full_name="区审计局", **DEMO_PASSWORD)
    create_user(
        "tianbao2", UNIT_ROLE, PASSWORD, unit=other, full_name="第一中学财务", **DEMO_PASSWORD
    )
    if not GoalDocument.objects.filter(unit=unit).exists():
        doc = read_bytes(SEED.read_bytes(), SEED.name)
        import_document(doc, None, unit, source_name=SEED.name)
    return True
