"""Open data: published projects and indicators as CSV/JSON with a Frictionless descriptor."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jixiao.core.disclosure.model import PublishedProject

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

#: (name, type, title, unit) of each column of projects.csv.
PROJECT_FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("year", "integer", "预算年度", None),
    ("unit_code", "string", "单位编码", None),
    ("unit_name", "string", "单位名称", None),
    ("project_code", "string", "项目编码", None),
    ("project_name", "string", "项目名称", None),
    ("budget_total", "number", "预算数（万元）", "万元"),
    ("budget_fiscal", "number", "其中：财政资金（万元）", "万元"),
    ("budget_other", "number", "其他资金（万元）", "万元"),
    ("purpose", "string", "资金用途", None),
    ("goals", "string", "绩效目标", None),
    ("indicators", "integer", "绩效指标数", None),
    ("evaluation_score", "number", "自评得分", "分"),
    ("evaluation_grade", "string", "自评等级", None),
    ("executed", "number", "全年执行数（万元）", "万元"),
    ("execution_rate", "number", "预算执行率（%）", "%"),
)
#: (name, type, title, unit) of each column of indicators.csv.
INDICATOR_FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("year", "integer", "预算年度", None),
    ("unit_code", "string", "单位编码", None),
    ("project_code", "string", "项目编码", None),
    ("position", "integer", "指标序号", None),
    ("level1", "string", "一级指标", None),
    ("level2", "string", "二级指标", None),
    ("name", "string", "三级指标", None),
    ("description", "string", "绩效指标描述", None),
    ("target", "string", "指标值", None),
    ("comparator", "string", "指标性质", None),
    ("target_value", "number", "指标数值", None),
    ("target_unit", "string", "度量单位", None),
    ("basis", "string", "指标值确定依据", None),
    ("actual", "string", "实际完成值", None),
)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def project_row(p: PublishedProject) -> dict[str, Any]:
    prj = p.project
    ev = p.evaluation
    return {
        "year": p.year,
        "unit_code": p.unit_code,
        "unit_name": p.unit_name,
        "project_code": prj.code,
        "project_name": prj.name,
        "budget_total": _num(p.in_wan(prj.budget.total)),
        "budget_fiscal": _num(p.in_wan(prj.budget.fiscal)),
        "budget_other": _num(p.in_wan(prj.budget.other)),
        "purpose": prj.purpose,
        "goals": "；".join(prj.goals),
        "indicators": len(prj.indicators),
        "evaluation_score": _num(ev.score) if ev else None,
        "evaluation_grade": ev.grade if ev else None,
        "executed": _num(p.in_wan(ev.executed)) if ev else None,
        "execution_rate": _num(ev.execution_rate) if ev else None,
    }


def indicator_rows(p: PublishedProject) -> list[dict[str, Any]]:
    actuals = p.evaluation.actuals if p.evaluation else {}
    return [
        {
            "year": p.year,
            "unit_code": p.unit_code,
            "project_code": p.project.code,
            "position": k,
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "description": i.description,
            "target": i.target.text,
            "comparator": i.target.comparator,
            "target_value": _num(i.target.value),
            "target_unit": i.target.unit,
            "basis": i.basis,
            "actual": actuals.get(k),
        }
        for k, i in enumerate(p.project.indicators, 1)
    ]


#: What makes a spreadsheet read a CSV cell as a formula (``=cmd|' /C calc'!A0``,
#: ``@SUM(…)``, ``+1+1``, ``-2+3``; tab and carriage return start the same tricks).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: one that could start a formula gets a
    leading ``'`` (OWASP's advice; ``=8人`` → ``'=8人``). The JSON keeps the text as is."""
    if len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(fields: tuple[tuple[str, str, str, str | None], ...], rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([f[0] for f in fields])
    texts = [f[1] == "string" for f in fields]
    for row in rows:
        w.writerow(
            [
                "" if v is None else csv_text(v) if text and isinstance(v, str) else v
                for v, text in zip((row[f[0]] for f in fields), texts, strict=True)
            ]
        )
    return out.getvalue().encode("utf-8")


def files(projects: list[PublishedProject], year: int | None) -> dict[str, bytes]:
    """``projects.csv``, ``indicators.csv``, ``projects.json`` and ``datapackage.json``."""
    prows = [project_row(p) for p in projects]
    irows = [r for p in projects for r in indicator_rows(p)]
    nested = [
        {**row, "indicator_table": indicator_rows(p)}
        for row, p in zip(prows, projects, strict=True)
    ]
    return {
        "projects.csv": _csv(PROJECT_FIELDS, prows),
        "indicators.csv": _csv(INDICATOR_FIELDS, irows),
        "projects.json": json.dumps(nested, ensure_ascii=False, indent=1).encode("utf-8"),
        "datapackage.json": json.dumps(datapackage(year), ensure_ascii=False, indent=2).encode(
            "utf-8"
        ),
    }


def _schema(fields: tuple[tuple[str, str, str, str | None], ...], key: list[str]) -> dict:
    out = []
    for name, type_, title, unit in fields:
        f: dict[str, Any] = {"name": name, "type": type_, "title": title}
        if unit:
            f["unit"] = unit
        out.append(f)
    return {"fields": out, "primaryKey": key, "missingValues": [""]}


def datapackage(year: int | None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of one year's open data."""
    suffix = f"-{year}" if year else ""
    return {
        "name": f"jixiao-performance{suffix}",
        "title": f"{year or ''}年度预算绩效公开数据（绩效目标与自评结果）",
        "description": "已批复并公开的项目绩效目标、绩效指标及绩效自评结果。金额单位：万元。",
        "licenses": [LICENSE],
        "resources": [
            {
                "name": "projects",
                "path": "projects.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(PROJECT_FIELDS, ["year", "unit_code", "project_code"]),
            },
            {
                "name": "indicators",
                "path": "indicators.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(
                    INDICATOR_FIELDS, ["year", "unit_code", "project_code", "position"]
                ),
            },
        ],
    }
