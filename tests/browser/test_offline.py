"""No page loads anything from outside the server: every request the browser makes, on
every main page and for every role, goes to the live server's own origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(people, seed_doc):
    from jixiao.web.goals import workflow
    from jixiao.web.goals.imports import import_document

    document = import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")
    first = document.projects.get(seq=1)
    workflow.submit(first, people.tianbao)
    workflow.return_project(
        first, people.shenhe, [workflow.CommentInput("请补充计量单位", "indicator.target", 1)]
    )
    workflow.submit(document.projects.get(seq=2), people.tianbao)
    return document


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "tianbao",
            ["/", "/projects/", "/projects/?sort=-score&per=20", "{p1}", "{p1}edit/", "/import/"],
        ),
        ("shenhe", ["/", "/projects/?status=submitted", "{p2}", "{p1}"]),
        ("guanli", ["/", "/projects/", "/audit/", "/import/"]),
        ("shenji", ["/", "/audit/", "{p1}"]),
    ],
)
def test_only_the_servers_own_origin_is_contacted(session, live_server, seeded, username, paths):
    p1 = f"/projects/{seeded.projects.get(seq=1).pk}/"
    p2 = f"/projects/{seeded.projects.get(seq=2).pk}/"
    s = session()
    requests: list[str] = []
    s.context.on("request", lambda request: requests.append(request.url))
    s.login(username)
    for path in paths:
        response = s.page.goto(path.format(p1=p1, p2=p2))
        assert response is not None and response.status == 200, path
        s.page.wait_for_load_state("networkidle")
    # The pages did load their own stylesheet and script, so requests were seen.
    assert any(u.endswith("/static/jixiao/front.css") for u in requests)
    assert any(u.endswith("/static/jixiao/front.js") for u in requests)
    outside = sorted({u for u in requests if origin(u) != live_server.url})
    assert outside == []


def test_screens_of_admin_auditor_and_a_failed_import(session, seeded, people):
    from jixiao.web.goals.models import GoalDocument

    visitor = session()
    visitor.page.goto("/login/")
    expect(visitor.page.get_by_role("button", name="登录")).to_be_visible()
    visitor.shot("login", full_page=False)

    admin = session("guanli")
    expect(admin.page.locator("#units")).to_contain_text("314003")
    admin.shot("home-admin", full_page=False)
    admin.page.goto("/audit/")
    expect(admin.page.locator("#audit")).to_contain_text("退回修改")
    admin.shot("audit-log", full_page=False)

    auditor = session("shenji")
    expect(auditor.page.locator("h1")).to_contain_text("审计员")
    auditor.page.goto(f"/projects/{seeded.projects.get(seq=1).pk}/edit/")
    expect(auditor.page.locator("h1")).to_have_text("没有权限")

    other = session("tianbao2")
    page = other.page
    page.goto("/import/")
    page.get_by_label("文件").set_input_files(
        files=[
            {
                "name": "会议通知.txt",
                "mimeType": "text/plain",
                "buffer": "关于召开年度工作会议的通知\n请各单位准时参加。\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-error")).to_contain_text("不是绩效目标文档")
    expect(page.locator("#import-error")).to_contain_text("没有保存任何内容")
    other.shot("import-error", full_page=False)
    assert GoalDocument.objects.count() == 1
