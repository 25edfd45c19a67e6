"""``jixiao import FILE [--unit CODE]``: store a goal document in the database."""

from __future__ import annotations

import argparse
import sys

HELP = "把绩效目标文档导入数据库（每个单位每年一份）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="文档文件（.txt/.docx/.xlsx/.json）")
    p.add_argument(
        "--unit", metavar="CODE", help="导入到哪个单位（默认：文档中的单位编码，不存在时自动创建）"
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jixiao.core.errors import ReadError
    from jixiao.web.bootstrap import cli_actor, setup

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法打开文件（{e.strerror}）", file=str(path)) from None
    setup()
    from django.db import transaction

    from jixiao.web.goals.imports import ImportRefused, import_document, parse
    from jixiao.web.orgs.models import Unit
    from jixiao.web.orgs.services import unit_for_document

    doc = parse(data, path.name)
    for warning in doc.warnings:
        print(f"警告：{path.name}：{warning}", file=sys.stderr)
    actor = cli_actor()
    with transaction.atomic():
        if args.unit:
            unit = Unit.objects.filter(code=args.unit).first()
            if unit is None:
                raise ImportRefused(f"单位编码“{args.unit}”不存在")
        else:
            unit = unit_for_document(doc, actor)
        document = import_document(doc, actor, unit, source_name=path.name)
    print(
        f"已导入：{unit.code} {unit.name} {document.year or ''}年度，"
        f"{len(doc.projects)} 个项目，预算合计 {doc.budget_total} {doc.money_unit}"
    )
    return 0
