"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session; each test gets fresh pages (contexts) and a fresh database
(`transactional_db`, since the live server runs in another thread).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "Browser-test-passw0rd"
# Screenshots for the user guide go to docs/screenshots/ only when asked for
# (`make screenshots`); a plain test run writes them to a temporary folder, so running the
# tests never changes tracked files.
SCREENSHOTS = Path(
    os.environ.get("JIXIAO_SCREENSHOTS") or tempfile.mkdtemp(prefix="jixiao-screenshots-")
)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def people(transactional_db):
    """Unit A (314003) with 填报人 tianbao, unit B with tianbao2, 审核人 shenhe, admin, auditor."""
    from jixiao.web.accounts.services import create_user
    from jixiao.web.orgs.models import Department, Region, Unit

    region = Region.objects.create(code="130213", name="唐山市曹妃甸区")
    d314 = Department.objects.create(region=region, code="314", name="希望路街道办事处")
    d315 = Department.objects.create(region=region, code="315", name="教育局")
    unit_a = Unit.objects.create(
        department=d314, code="314003", name="唐山市曹妃甸区希望路街道办事处"
    )
    unit_b = Unit.objects.create(department=d315, code="315001", name="唐山市曹妃甸区第一中学")
    return SimpleNamespace(
        unit_a=unit_a,
        unit_b=unit_b,
        tianbao=create_user("tianbao", "unit", PASSWORD, unit=unit_a, full_name="王填报"),
        tianbao2=create_user("tianbao2", "unit", PASSWORD, unit=unit_b, full_name="李填报"),
        shenhe=create_user("shenhe", "reviewer", PASSWORD, regions=[region], full_name="赵审核"),
        guanli=create_user("guanli", "admin", PASSWORD, full_name="系统管理员"),
        shenji=create_user("shenji", "auditor", PASSWORD, full_name="审计员"),
    )


class Session:
    """One user's browser context, logged in through the real log-in page."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(
            base_url=base, locale="zh-CN", viewport={"width": 1366, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base = base

    def login(self, username: str) -> Session:
        page = self.page
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{self.base}/")
        return self

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser, live_server):
    """session(username) → a logged-in `Session`; all are closed after the test."""
    opened: list[Session] = []

    def make(username: str | None = None) -> Session:
        s = Session(browser, live_server.url)
        opened.append(s)
        return s.login(username) if username else s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def password() -> str:
    """The password `Session.login` types (give it to users a test creates)."""
    return PASSWORD
