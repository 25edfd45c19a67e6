"""``jixiao read FILE``: the document as JSON (the public contract) or a readable summary."""

from __future__ import annotations

import argparse
import sys

from jixiao.cli.limits import add_arguments as add_limit_arguments

HELP = "读取绩效目标文档（.txt/.docx/.doc/.xlsx/.xls/.pdf/.json），输出 JSON 或摘要表"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="文档文件")
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式")
    p.add_argument(
        "--explain",
        action="store_true",
        help="说明读取过程：每个表格哪一列读作什么、跳过了哪些行及原因（不输出文档）",
    )
    add_limit_arguments(p)


def run(args: argparse.Namespace) -> int:
    from jixiao.core.formats import read
    from jixiao.core.formats.json_io import document_to_dict, dumps
    from jixiao.core.summary import format_document, format_explain

    doc = read(args.file)
    for warning in doc.warnings:
        print(f"警告：{args.file}：{warning}", file=sys.stderr)
    if args.explain:
        print(format_explain(doc.explain))
        return 0
    if args.format == "json":
        print(dumps(document_to_dict(doc)))
    else:
        print(format_document(doc))
    return 0
