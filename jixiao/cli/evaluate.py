"""``jixiao evaluate FILE --actuals FILE [--budget FILE]``: the self-evaluation scores."""

from __future__ import annotations

import argparse

HELP = "绩效自评：按实际完成值和预算执行数计算各项目得分和等级"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="绩效目标文档")
    p.add_argument(
        "--actuals", required=True, help="实际完成值（CSV/xlsx：project_code,indicator,actual）"
    )
    p.add_argument(
        "--budget",
        help="预算数（CSV/xlsx：project_code,budget_initial,budget_adjusted,executed）",
    )
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    from jixiao.core.evaluation import evaluate, read_actuals, read_budgets
    from jixiao.core.evaluation.format import evaluation_to_dict, format_evaluation
    from jixiao.core.formats import read
    from jixiao.core.formats.json_io import dumps

    doc = read(args.file)
    actuals = read_actuals(args.actuals)
    budgets = read_budgets(args.budget) if args.budget else []
    report = evaluate(doc, actuals, budgets)
    if args.format == "json":
        print(dumps(evaluation_to_dict(report)))
    else:
        print(format_evaluation(report))
    return 0
