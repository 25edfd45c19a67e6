"""The public site as static files (``jixiao publish --year Y -o DIR``).

For units whose portal only accepts uploads: plain HTML pages, one stylesheet, one small
search script (no inline scripts, no network) and the open data files under ``data/``.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path

from jixiao.core.amounts import format_amount
from jixiao.core.disclosure import opendata
from jixiao.core.disclosure.model import PublishedProject
from jixiao.core.disclosure.tables import evaluation_html, project_table_html
from jixiao.core.files import write_atomically

CSS = """body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .6em;vertical-align:top}
th{background:#f2f2f2}.num{text-align:right}.nowrap{white-space:nowrap}.muted{color:#666}
.center{text-align:center}td.plain{border:none}
caption{font-weight:bold;padding:.5em}input{padding:.3em;width:20em}
"""
SEARCH_JS = """document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("q");
  if (!box) return;
  box.addEventListener("input", function () {
    var q = box.value.trim();
    document.querySelectorAll("tr[data-text]").forEach(function (tr) {
      tr.hidden = q !== "" && tr.getAttribute("data-text").indexOf(q) === -1;
    });
  });
});
"""


def _page(title: str, body: str, depth: int = 0) -> bytes:
    up = "../" * depth
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{up}site.css"><script src="{up}search.js"></script>'
        f'</head><body><p><a href="{up}index.html">绩效公开</a></p><h1>{escape(title)}</h1>'
        f"{body}</body></html>"
    ).encode()


def _slug(text: str) -> str:
    """A file-name-safe form of a code (letters, digits, - and _ only)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in text) or "_"


def project_file(p: PublishedProject, k: int) -> str:
    return f"projects/{_slug(p.unit_code)}-{k}.html"


def write_site(projects: list[PublishedProject], year: int | None, out: Path) -> list[str]:
    """Write the site under ``out``; returns the files written (relative paths)."""
    written: list[str] = []

    def put(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        written.append(rel)

    put("site.css", CSS.encode("utf-8"))
    put("search.js", SEARCH_JS.encode("utf-8"))
    by_unit: dict[tuple[str, str], list[tuple[int, PublishedProject]]] = defaultdict(list)
    rows = []
    for k, p in enumerate(projects, 1):
        by_unit[(p.unit_code, p.unit_name)].append((k, p))
        rel = project_file(p, k)
        body = project_table_html(p) + evaluation_html(p)
        put(rel, _page(f"{p.unit_name} {p.project.name}", body, depth=1))
        grade = p.evaluation.grade if p.evaluation and p.evaluation.grade else "—"
        text = escape(f"{p.unit_code} {p.unit_name} {p.project.code or ''} {p.project.name}")
        rows.append(
            f'<tr data-text="{text}"><td>{escape(p.unit_name)}</td>'
            f'<td class="nowrap">{escape(p.project.code or "")}</td>'
            f'<td><a href="{rel}">{escape(p.project.name)}</a></td>'
            f'<td class="num">{format_amount(p.in_wan(p.project.budget.total), "万元")}</td>'
            f"<td>{escape(grade)}</td></tr>"
        )
    units = "".join(
        f"<li>{escape(code)} {escape(name)}（{len(items)} 个项目）</li>"
        for (code, name), items in sorted(by_unit.items())
    )
    body = (
        f"<h2>公开单位</h2><ul>{units or '<li>暂无公开内容</li>'}</ul>"
        '<h2>项目</h2><p><label>搜索 <input id="q" type="search" placeholder="单位、项目名称或编码"></label></p>'
        "<table><tr><th>单位</th><th>项目编码</th><th>项目名称</th><th>预算数（万元）</th>"
        f"<th>自评等级</th></tr>{''.join(rows)}</table>"
        '<p>开放数据：<a href="data/projects.csv">projects.csv</a> · '
        '<a href="data/indicators.csv">indicators.csv</a> · '
        '<a href="data/projects.json">projects.json</a> · '
        '<a href="data/datapackage.json">datapackage.json</a></p>'
    )
    put("index.html", _page(f"{year or ''}年度预算绩效公开", body))
    for name, data in opendata.files(projects, year).items():
        put(f"data/{name}", data)
    return written
