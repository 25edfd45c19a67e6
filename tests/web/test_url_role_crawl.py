"""Every URL of the site × every role: no 500, and nobody where they do not belong.

The crawl fills each URL pattern's ids with unit A's objects (its project, document…). Then:
no response is a 500 for anyone; the anonymous visitor gets nothing but the public pages;
eve (填报人 of unit B) and frank (审核人 of another region) never get a 200 on a URL that names
one of unit A's objects. `docs/reliability.md` reports the pairs checked.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = (
    "/login/",
    "/public/",
    "/open/",
    "/api/v1/openapi.json",
    "/api/v1/token",
    "/static/",
)


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            out += _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def _fill(pattern: str, ids: dict[str, int]) -> str | None:
    if pattern.startswith("^") or "(?" in pattern or "[" in pattern:
        return None  # the API's catch-all and other regexes
    path = "/" + pattern

    def sub(m: re.Match[str]) -> str:
        name = m.group(2)
        if m.group(1) == "str:" or m.group(1) == "path:":
            return "x.csv" if name == "name" else "xlsx"
        return str(ids.get(name, ids["pk"]))

    return re.sub(r"<(\w+:)?(\w+)>", sub, path)


def test_every_url_for_every_role(client, users, seeded, api):
    from jixiao.web.goals import workflow

    project = seeded.projects.get(seq=1)
    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    ids = {"pk": project.pk, "project_pk": project.pk, "unit_id": seeded.unit_id, "comment_pk": 1}
    urls = sorted({u for u in (_fill(p, ids) for p in _patterns(get_resolver())) if u})
    roles = {
        "anonymous": None,
        "alice": users.alice,
        "eve": users.eve,
        "bob": users.bob,
        "frank": users.frank,
        "carol": users.carol,
        "dave": users.dave,
    }
    mine = {str(project.pk), str(seeded.pk), str(seeded.unit_id)}
    checked, problems = 0, []
    for name, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            checked += 1
            if status >= 500:
                problems.append((name, url, status))
            if name == "anonymous" and status == 200 and not url.startswith(PUBLIC):
                problems.append((name, url, status))
            names_unit_a = bool(set(re.findall(r"/(\d+)(?=/|$)", url)) & mine)
            if name in ("eve", "frank") and status == 200 and names_unit_a:
                problems.append((name, url, status))
    assert len(urls) > 60 and checked == len(urls) * len(roles)
    print(f"URL × role pairs checked: {checked} ({len(urls)} URLs × {len(roles)} roles)")
    assert problems == [], problems
