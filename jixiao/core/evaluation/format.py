"""The two outputs of `jixiao evaluate`: the JSON contract and a readable text report.

JSON (decimals as strings, grades 优/良/中/差 by default)::

    {"unit", "year", "money_unit",
     "projects": [{"code", "seq", "name", "score", "grade", "status", "complete", "missing",
                   "missing_text",
                   "budget_score", "budget_weight", "execution_rate", "budget": {…}|null,
                   "lines": [{"indicator", "name", "category", "target", "actual",
                              "weight", "score", "met", "note"}],
                   "reasons_required": [{"kind", "indicator", "message", "given"}]}],
     "rollup": {"projects", "complete", "not_started", "provisional", "coverage",
                "incomplete", "average", "weighted_average",
                "grades", "budget_adjusted", "executed", "execution_rate"}}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.core.evaluation.report import EvaluationReport, ProjectScore, Rollup
from jixiao.core.texttable import clip, format_table


def dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def project_to_dict(p: ProjectScore) -> dict[str, Any]:
    b = p.budget
    return {
        "code": p.code,
        "seq": p.seq,
        "name": p.name,
        "score": dec(p.score),
        "grade": p.grade,
        "status": p.status,
        "complete": p.complete,
        "missing": p.missing,
        "missing_text": p.missing_text,
        "budget_weight": dec(p.budget_weight),
        "budget_score": dec(p.budget_score),
        "execution_rate": dec(p.execution_rate),
        "budget": None
        if b is None
        else {
            "budget_initial": dec(b.budget_initial),
            "budget_adjusted": dec(b.budget_adjusted),
            "executed": dec(b.executed),
        },
        "lines": [
            {
                "indicator": ln.indicator,
                "name": ln.name,
                "category": ln.category,
                "target": ln.target,
                "actual": ln.actual,
                "weight": dec(ln.weight),
                "score": dec(ln.score),
                "met": ln.met,
                "note": ln.note,
            }
            for ln in p.lines
        ],
        "reasons_required": [
            {"kind": r.kind, "indicator": r.indicator, "message": r.message, "given": r.given}
            for r in p.reasons_required
        ],
    }


def rollup_to_dict(r: Rollup) -> dict[str, Any]:
    return {
        "projects": r.projects,
        "complete": r.complete,
        "not_started": r.not_started,
        "provisional": r.provisional,
        "coverage": r.coverage,
        "incomplete": r.incomplete,
        "average": dec(r.average),
        "weighted_average": dec(r.weighted_average),
        "grades": r.grades,
        "budget_adjusted": dec(r.budget_adjusted),
        "executed": dec(r.executed),
        "execution_rate": dec(r.execution_rate),
    }


def evaluation_to_dict(report: EvaluationReport) -> dict[str, Any]:
    return {
        "unit": {"code": report.unit_code, "name": report.unit_name},
        "year": report.year,
        "money_unit": report.money_unit,
        "projects": [project_to_dict(p) for p in report.projects],
        "rollup": rollup_to_dict(report.rollup),
    }


def format_evaluation(report: EvaluationReport) -> str:
    """One row per project, the roll-up, then the reasons the rules require."""
    rows = []
    for p in report.projects:
        lines = " ".join("—" if ln.score is None else str(ln.score) for ln in p.lines)
        rows.append(
            [
                str(p.seq or ""),
                p.code or "（无编码）",
                clip(p.name, 24),
                "—" if p.execution_rate is None else f"{p.execution_rate}%",
                "缺" if p.budget_score is None else str(p.budget_score),
                lines,
                p.score_text,
                p.grade_text,
            ]
        )
    headers = ["序号", "项目编码", "项目名称", "执行率", "执行得分", "指标得分", "总分", "等级"]
    r = report.rollup
    grades = "，".join(f"{g} {n}" for g, n in r.grades.items())
    out = [
        f"{report.unit_code or ''} {report.unit_name}  {report.year or ''}年度绩效自评".strip(),
        "",
        format_table(headers, rows, right=(0, 3, 4, 6)),
        "",
        f"汇总：{r.projects} 个项目，{r.coverage}（未完成 {r.provisional} 个，未开始 "
        f"{r.not_started} 个）；平均分 {dec(r.average) or '—'}，"
        f"按全年预算数加权平均分 {dec(r.weighted_average) or '—'}；{grades}",
    ]
    if r.incomplete:
        shown = "、".join(r.incomplete[:10]) + ("等" if len(r.incomplete) > 10 else "")
        out.append(f"未完成或未开始评分（缺预算数或实际完成值）：{len(r.incomplete)} 个，{shown}")
    reasons = [(p, x) for p in report.projects for x in p.reasons_required]
    if reasons:
        out += ["", f"需说明原因：{len(reasons)} 处"]
        out += [
            f"  {p.code or p.name}：{x.message}" + (f"（已填：{x.given}）" if x.given else "")
            for p, x in reasons
        ]
    return "\n".join(out)
