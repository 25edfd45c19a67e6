"""``jixiao evaluate FILE --actuals FILE [--budget FILE]``: the self-evaluation scores."""

from __future__ import annotations

import argparse
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.core.evaluation import EvaluationConfig
    from jixiao.core.model import Document

HELP = "绩效自评：按实际完成值和预算执行数计算各项目得分和等级"


def _bands(text: str) -> EvaluationConfig:
    """The default settings with the grade thresholds typed (``80,70,60``)."""
    from jixiao.core.evaluation import DEFAULT_CONFIG

    try:
        lows = tuple(Decimal(x) for x in text.replace("/", ",").split(","))
        return DEFAULT_CONFIG.with_grade_lows(lows)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"“{text}”应为分数线，如 {_lows_text()}") from None
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"“{text}”：{e}") from None


def _lows_text() -> str:
    from jixiao.core.evaluation import DEFAULT_CONFIG

    return ",".join(str(low) for low in DEFAULT_CONFIG.grade_lows())


def _point(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal(-1)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"“{text}”应为 0 到 1 之间的数")
    return value


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="绩效目标文档")
    p.add_argument(
        "--actuals",
        required=True,
        help="实际完成值（CSV/xlsx：project_code,indicator,actual），或项目支出绩效自评表（.docx/.xlsx）",
    )
    p.add_argument(
        "--budget",
        help="预算数（CSV/xlsx：project_code,budget_initial,budget_adjusted,executed）",
    )
    from jixiao.core.evaluation import DEFAULT_CONFIG

    names = "/".join(name for name, _ in DEFAULT_CONFIG.grade_bands[:-1])
    p.add_argument(
        "--grade-bands",
        type=_bands,
        default=DEFAULT_CONFIG,
        help=f"{names} 的分数线（默认 {_lows_text()}；有的省份用 80,70,60）",
    )
    p.add_argument(
        "--band-point",
        type=_point,
        default=DEFAULT_CONFIG.band_point,
        help=f"定性指标在等级区间内的取值位置，0 为下限、1 为上限（默认 {DEFAULT_CONFIG.band_point}）",
    )
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式")
    p.add_argument(
        "--export",
        choices=["docx", "xlsx", "pdf"],
        help="导出项目支出绩效自评表（汇总表 + 每个项目一张），需同时给出 -o",
    )
    p.add_argument("-o", "--output", help="导出文件路径（与 --export 一起使用）")


def run(args: argparse.Namespace) -> int:
    from jixiao.core.errors import JixiaoError
    from jixiao.core.evaluation import evaluate, read_actuals, read_budgets
    from jixiao.core.evaluation.format import evaluation_to_dict, format_evaluation
    from jixiao.core.evaluation.table_inputs import check_table, table_inputs
    from jixiao.core.formats import read
    from jixiao.core.formats.json_io import dumps

    if bool(args.export) != bool(args.output):
        raise JixiaoError("--export 和 -o 需要同时给出")
    doc = read(args.file)
    table = None
    try:
        actuals = read_actuals(args.actuals)
    except JixiaoError as first:
        table = _self_evaluation_table(args.actuals)
        if table is None:
            raise first from None
        actuals, table_budgets = table_inputs(table, args.actuals, doc)
    budgets = read_budgets(args.budget) if args.budget else []
    if table is not None and not args.budget:
        budgets = table_budgets
    config = replace(args.grade_bands, band_point=args.band_point)
    report = evaluate(doc, actuals, budgets, config)
    if args.export:
        from jixiao.core.evaluation.export import write
        from jixiao.core.evaluation.tables import report_tables

        write(report_tables(doc, report), args.output, args.export)
        print(f"已导出 {args.output}")
        return 0
    checks = check_table(table, report, doc) if table is not None else []
    if args.format == "json":
        data = evaluation_to_dict(report)
        if table is not None:
            data["table_check"] = checks
        print(dumps(data))
    else:
        print(format_evaluation(report))
        if table is not None:
            print()
            print("\n".join(f"不一致：{c}" for c in checks) or "自评表中的得分与评分规则一致")
    return 0


def _self_evaluation_table(path: str) -> Document | None:
    """The file as a self-evaluation table (项目支出绩效自评表), or None if it is not one."""
    from jixiao.core.errors import JixiaoError
    from jixiao.core.formats import read

    try:
        doc = read(path)
    except JixiaoError:
        return None
    return doc if doc.kind == "self_evaluation" else None
