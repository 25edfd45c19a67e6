"""``jixiao review FILE…``: review goal documents like a linter (exit 0 clean, 1 errors)."""

from __future__ import annotations

import argparse
import sys

from jixiao.cli.limits import add_arguments as add_limit_arguments

HELP = "审核绩效目标文档，输出审核意见和质量分（退出码：0 无错误，1 有错误，2 无法读取）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="文档文件（.txt/.docx/.xlsx/.json）")
    p.add_argument(
        "--format", choices=["text", "json", "html"], default="text", help="输出格式（默认 text）"
    )
    p.add_argument("--profile", metavar="FILE", help="审核配置文件（TOML），覆盖默认配置")
    add_limit_arguments(p)


def run(args: argparse.Namespace) -> int:
    from jixiao.core.formats import read
    from jixiao.core.review import load_profile, review
    from jixiao.core.review.formatters import format_html, format_json, format_text

    # Everything is read before anything is printed: an unreadable file gives exit 2 and
    # no half a report.
    profile = load_profile(args.profile)
    reports = []
    for name in args.files:
        report = review(read(name), profile)
        report.file = name
        reports.append(report)
    formatter = {"text": format_text, "json": format_json, "html": format_html}[args.format]
    sys.stdout.write(formatter(reports))
    return 1 if any(r.errors for r in reports) else 0
