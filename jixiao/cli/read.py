"""``jixiao read FILE``: the document as JSON (the public contract) or a readable summary."""

from __future__ import annotations

import argparse
import sys

HELP = "读取绩效目标文档（.txt/.docx/.xlsx/.json），输出 JSON 或摘要表"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="文档文件")
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    from jixiao.core.formats import read
    from jixiao.core.formats.json_io import document_to_dict, dumps
    from jixiao.core.summary import format_document

    doc = read(args.file)
    for warning in doc.warnings:
        print(f"警告：{args.file}：{warning}", file=sys.stderr)
    if args.format == "json":
        print(dumps(document_to_dict(doc)))
    else:
        print(format_document(doc))
    return 0
