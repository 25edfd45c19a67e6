"""Review output: pure functions from reports to text, JSON or one self-contained HTML page.

Each takes one `Report` or a sequence of them (one per file). The JSON shape is the public
contract of ``jixiao review --format json``::

    {"documents": [{"file", "score", "projects": [{"seq", "code", "score"}],
                    "findings": [{"rule", "severity", "category", "project_seq",
                                  "project_code", "indicator", "field", "message",
                                  "suggestion"}]}]}
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from jixiao.core.review.engine import Report
from jixiao.core.review.finding import DEPARTMENT, FIELDS, SEVERITIES, Finding, field_label
from jixiao.core.scales import quality_band, quality_legend


def _reports(reports: Report | Sequence[Report]) -> Sequence[Report]:
    return [reports] if isinstance(reports, Report) else reports


def _where(f: Finding) -> str:
    if f.department and f.indicator is not None:  # a row of the 部门整体绩效目标表
        inner = f.field[len(DEPARTMENT) :]
        return f"部门整体绩效目标表第 {f.indicator} 个指标·{FIELDS.get(inner, inner)}"
    field = field_label(f.field)
    return f"第 {f.indicator} 个指标·{field}" if f.indicator is not None else field


def _title(r: Report) -> str:
    year = f"{r.year}年度" if r.year else "年度未知"
    return f"{r.unit or '（单位未知）'} {year}"


def _counts(r: Report) -> str:
    return f"错误 {r.errors} 条，警告 {r.warnings} 条，提示 {r.infos} 条"


def _groups(r: Report) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) per project in document order, the document-wide group first."""
    grouped = r.by_project(document_view=True)
    out: list[tuple[str, list[Finding]]] = []
    if None in grouped:
        whole = grouped.pop(None)
        table = [f for f in whole if f.department]
        if len(table) < len(whole):
            out.append(("全文档", [f for f in whole if not f.department]))
        if table:
            out.append(("部门整体绩效目标表", table))
    for p in r.projects:
        if p.seq in grouped:
            code = f"（{p.code}）" if p.code else ""
            out.append((f"项目 {p.seq} {p.name}{code}　得分 {p.score}", grouped.pop(p.seq)))
    for seq, items in grouped.items():  # summaries without a table
        out.append((f"分项绩效目标第 {seq} 项", items))
    return out


def format_text(reports: Report | Sequence[Report]) -> str:
    """Findings grouped per project, for a terminal."""
    blocks = []
    for r in _reports(reports):
        lines = [
            f"{r.file or '（文档）'}：{_title(r)}",
            f"质量分 {r.score}/100；{_counts(r)}",
        ]
        if not r.findings:
            lines.append("未发现问题。")
        for heading, items in _groups(r):
            lines.append("")
            lines.append(heading)
            for f in items:
                lines.append(
                    f"  {SEVERITIES[f.severity]} {f.rule} [{f.category}] {_where(f)}：{f.message}"
                )
                lines.append(f"      建议：{f.suggestion}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def report_to_dict(r: Report) -> dict[str, object]:
    return {
        "file": r.file,
        "score": r.score,
        "projects": [{"seq": p.seq, "code": p.code, "score": p.score} for p in r.projects],
        "findings": [f.to_dict() for f in r.findings],
    }


def format_json(reports: Report | Sequence[Report]) -> str:
    """The JSON contract (see the module docstring)."""
    data = {"documents": [report_to_dict(r) for r in _reports(reports)]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
"WenQuanYi Zen Hei",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328;
line-height:1.6}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.5rem;
border-bottom:2px solid #d0d7de;padding-bottom:.3rem}h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}td:nth-child(-n+3){white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:.25rem;padding:0 .4rem;font-size:.85em;white-space:nowrap}
.error{background:#ffebe9;color:#a40e26}.warning{background:#fff8c5;color:#7d4e00}
.info{background:#ddf4ff;color:#0a3069}.muted{color:#59636e}.sugg{color:#1a7f37}
.score{font-weight:bold}.low{color:#a40e26}.mid{color:#7d4e00}.high{color:#1a7f37}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}}
"""


def _score_class(score: int) -> str:
    return quality_band(score).key


def format_html(reports: Report | Sequence[Report]) -> str:
    """One self-contained page (inline CSS, no scripts or external resources), in Chinese."""
    e = html.escape
    rs = _reports(reports)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>绩效目标审核报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>绩效目标审核报告</h1>",
        f'<p class="muted">共 {len(rs)} 份文档。质量分满分 100，按审核意见的严重程度扣分'
        f"（{quality_legend()}）。</p>",
        "<table><thead><tr><th>文件</th><th>单位及年度</th><th>质量分</th><th>错误</th>"
        "<th>警告</th><th>提示</th></tr></thead><tbody>",
    ]
    for i, r in enumerate(rs, 1):
        out.append(
            f'<tr><td><a href="#doc{i}">{e(r.file or f"文档 {i}")}</a></td><td>{e(_title(r))}</td>'
            f'<td class="num score {_score_class(r.score)}">{r.score}</td>'
            f'<td class="num">{r.errors}</td><td class="num">{r.warnings}</td>'
            f'<td class="num">{r.infos}</td></tr>'
        )
    out.append("</tbody></table>")
    for i, r in enumerate(rs, 1):
        out.append(f'<h2 id="doc{i}">{e(r.file or f"文档 {i}")}：{e(_title(r))}</h2>')
        out.append(
            f'<p>质量分 <span class="score {_score_class(r.score)}">{r.score}</span>/100；'
            f"{e(_counts(r))}。审核配置：{e(r.profile)}。</p>"
        )
        if r.projects:
            out.append(
                "<details><summary>各项目得分</summary><table><thead><tr><th>序号</th>"
                "<th>项目编码</th><th>项目名称</th><th>得分</th></tr></thead><tbody>"
            )
            for p in r.projects:
                out.append(
                    f'<tr><td class="num">{p.seq or ""}</td><td>{e(p.code or "")}</td>'
                    f'<td>{e(p.name)}</td><td class="num score {_score_class(p.score)}">'
                    f"{p.score}</td></tr>"
                )
            out.append("</tbody></table></details>")
        if not r.findings:
            out.append("<p>未发现问题。</p>")
        for heading, items in _groups(r):
            out.append(f"<h3>{e(heading)}</h3>")
            out.append(
                "<table><thead><tr><th>级别</th><th>规则</th><th>类别</th><th>位置</th>"
                "<th>审核意见</th></tr></thead><tbody>"
            )
            for f in items:
                out.append(
                    f'<tr><td><span class="sev {f.severity}">{SEVERITIES[f.severity]}</span></td>'
                    f"<td>{e(f.rule)}</td><td>{e(f.category)}</td><td>{e(_where(f))}</td>"
                    f'<td>{e(f.message)}<br><span class="sugg">建议：{e(f.suggestion)}</span>'
                    "</td></tr>"
                )
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
