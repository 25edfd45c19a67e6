"""``jixiao monitor FILE --payments FILE --as-of DATE``: spending and indicator progress."""

from __future__ import annotations

import argparse
import datetime

HELP = "运行监控：按支付记录计算各项目截至某日的预算执行进度和颜色"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应为 YYYY-MM-DD") from None


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="绩效目标文档")
    p.add_argument("--payments", required=True, help="支付记录（CSV 或 xlsx）")
    p.add_argument("--as-of", required=True, type=_date, help="截止日期 YYYY-MM-DD")
    p.add_argument(
        "--payments-unit", default="元", help="支付记录的金额单位（默认 元，可为 万元 等）"
    )
    p.add_argument(
        "--progress",
        help="指标进度填报（CSV 或 xlsx，可选；红灯、黄灯的指标须填偏差原因分析，否则拒绝）",
    )
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    from jixiao.core.formats import read
    from jixiao.core.formats.json_io import dumps
    from jixiao.core.monitoring import (
        check_reasons,
        monitor,
        read_indicator_entries,
        read_payments,
    )
    from jixiao.core.monitoring.format import format_monitor, monitor_to_dict

    doc = read(args.file)
    payments = read_payments(args.payments, unit=args.payments_unit, money_unit=doc.money_unit)
    entries = read_indicator_entries(args.progress) if args.progress else []
    report = monitor(doc, payments, args.as_of, entries)  # unknown codes and numbers first
    check_reasons(doc, entries, args.as_of)
    if args.format == "json":
        print(dumps(monitor_to_dict(report)))
    else:
        print(format_monitor(report))
    return 0
