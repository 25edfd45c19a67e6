"""``jixiao export FILE --to docx|xlsx|pdf|json|text -o OUT``: the official layouts out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.cli.limits import add_arguments as add_limit_arguments

HELP = "导出绩效目标文档为 Word、Excel、PDF、JSON 或文本"

FORMATS = ("docx", "xlsx", "pdf", "json", "text")
SUFFIXES = {"docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "json": ".json", "text": ".txt"}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="要导出的文档（.txt/.docx/.xlsx/.json）")
    p.add_argument("--to", choices=FORMATS, required=True, help="导出格式")
    p.add_argument(
        "-o", "--output", help="输出文件（默认：与输入同名、扩展名按格式，放在当前目录）"
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    add_limit_arguments(p)


def run(args: argparse.Namespace) -> int:
    from jixiao.core.errors import WriteError
    from jixiao.core.formats import read, write

    source = Path(args.file)
    out = Path(args.output) if args.output else Path(source.stem + SUFFIXES[args.to])
    doc = read(source)
    for warning in doc.warnings:
        print(f"警告：{args.file}：{warning}", file=sys.stderr)
    try:
        if out.resolve() == source.resolve():
            raise WriteError(f"输出文件“{out}”与输入文件相同，不能覆盖输入")
        if out.exists() and not args.force and args.output is None:
            raise WriteError(f"输出文件“{out}”已存在；用 -o 指定输出或加 --force 覆盖")
        write(doc, out, args.to)
    except OSError as e:
        raise WriteError(f"无法写入“{out}”（{e.strerror or e}）") from None
    print(f"已导出：{out}（{len(doc.projects)} 个项目）", file=sys.stderr)
    return 0
