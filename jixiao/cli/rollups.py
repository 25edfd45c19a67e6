"""``jixiao rollups [--year Y]``: compute the ranking's stored roll-ups again from scratch
(`jixiao.web.rankings.rollups.rebuild`), for repair."""

from __future__ import annotations

import argparse

HELP = "从头重算单位排名所用的评价汇总（修复用）；--year 只重算该预算年度"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="只重算该预算年度")


def format_rebuilt(plain: int, scored: int) -> str:
    return (
        f"已重算 {plain + scored} 个单位年度的评价汇总："
        f"{plain} 个尚无自评（按项目数汇总），{scored} 个逐项目评分"
    )


def run(args: argparse.Namespace) -> int:
    from jixiao.web.bootstrap import setup

    setup()
    from jixiao.web.rankings.rollups import rebuild

    print(format_rebuilt(*rebuild(args.year)))
    return 0
