"""``jixiao import PATH… [--unit CODE] [--jobs N]``: store goal documents in the database.

One file: as before, one line on success, one error line and exit 2 on failure. Several
files or a directory: documents are read and reviewed in worker processes and stored one
transaction per batch of documents (`jixiao.web.goals.bulk`: COPY on PostgreSQL), each
document still atomic (a bad document is reported and skipped, the others land); a unit and
year already in the database is skipped, so a run interrupted by a kill is resumed by running
it again. A progress bar on a terminal, a summary table at the end; exit 0 when every document
was imported or skipped, 1 when some failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import deque
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any

from jixiao.cli.limits import add_arguments as add_limit_arguments

#: What a directory's load is sized by before it is read (`bulk.large_load`): a unit's
#: document holds about ten projects.
PROJECTS_PER_DOCUMENT = 10

HELP = "把绩效目标文档导入数据库（每个单位每年一份）；可以是多个文件或目录"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="文档文件或目录（.txt/.docx/.xlsx/.json…）"
    )
    p.add_argument(
        "--unit", metavar="CODE", help="导入到哪个单位（默认：文档中的单位编码，不存在时自动创建）"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="读取和审核文档的进程数（默认为 CPU 核数，最多 2）",
    )
    p.add_argument(
        "--append",
        action="store_true",
        help="该单位该年度已有文档时，把这个文件中的项目追加到已有文档"
        "（与已有项目编码或名称相同的视为冲突，一个也不追加；只用于一个文件）；"
        "文件只有部门整体绩效目标表时，用它更新已有文档的部门整体绩效目标（项目不变）",
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="汇总的输出格式")
    add_limit_arguments(p, importing=True)


def run(args: argparse.Namespace) -> int:
    from jixiao.core.batch import collect
    from jixiao.core.errors import ReadError

    files = collect(args.paths)
    if not files:
        raise ReadError("没有找到可导入的文档文件", file=", ".join(args.paths))
    if len(files) == 1 and not Path(args.paths[0]).is_dir():
        return _one(files[0], args.unit, append=args.append)
    if args.append:
        raise ReadError("--append 只能用于一个文件", file=", ".join(args.paths))
    return _many(files, args)


def _unit_for(doc: Any, unit_code: str | None, actor: str) -> Any:
    """The unit ``doc`` goes to: ``--unit``'s, else the document's own (created when
    missing). ``doc``: a document, or its `EncodedDocument` (which names unit and region)."""
    from jixiao.web.goals.copy_text import EncodedDocument
    from jixiao.web.goals.imports import ImportRefused
    from jixiao.web.orgs.models import Unit
    from jixiao.web.orgs.services import unit_for_document, unit_named

    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ImportRefused(f"单位编码“{unit_code}”不存在")
        return unit
    if isinstance(doc, EncodedDocument):
        return unit_named(doc.unit_code, doc.unit_name, doc.region_code, actor)
    return unit_for_document(doc, actor)


def _one(path: Path, unit_code: str | None, append: bool = False) -> int:
    from jixiao.core.amounts import format_amount
    from jixiao.core.formats import input_bytes
    from jixiao.web.bootstrap import cli_actor, setup

    data = input_bytes(path)
    setup()
    from django.db import transaction

    from jixiao.web.goals.imports import import_document, parse

    doc = parse(data, path.name)
    for warning in doc.warnings:
        print(f"警告：{path.name}：{warning}", file=sys.stderr)
    actor = cli_actor()
    with transaction.atomic():
        unit = _unit_for(doc, unit_code, actor)
    if append and not doc.projects:
        return _department(doc, actor, unit, path.name)
    if append:
        return _append(doc, actor, unit, path.name)
    if not doc.projects:
        return _department_document(doc, actor, unit, path.name)
    # Not inside a transaction: the import commits in short batches (all or nothing).
    document = import_document(doc, actor, unit, source_name=path.name)
    print(
        f"已导入：{unit.code} {unit.name} {document.year or ''}年度，"
        f"{len(doc.projects)} 个项目，"
        f"预算合计 {format_amount(doc.budget_total, doc.money_unit)} {doc.money_unit}"
    )
    return 0


def _department_document(doc: Any, actor: str, unit: Any, name: str) -> int:
    """A department-only file for a unit and year without a document: the year's document
    holding the department part only."""
    from jixiao.web.goals.imports import ImportRefused, existing_document, import_document

    if existing_document(doc, unit) is not None:
        raise ImportRefused(
            f"{unit.name} {doc.year or ''}年度的绩效目标已导入；这个文件只有部门整体绩效目标，"
            "加 --append 即可用它更新已有文档的部门整体绩效目标"
        )
    document = import_document(doc, actor, unit, source_name=name)
    print(
        f"已导入：{unit.code} {unit.name} {document.year or ''}年度，0 个项目（只有部门整体绩效目标："
        f"总体绩效目标 {len(doc.overall_goals)} 段，部门整体绩效指标 "
        f"{len(doc.department_indicators)} 个）"
    )
    return 0


def _department(doc: Any, actor: str, unit: Any, name: str) -> int:
    """``--append`` with a department-only file: it replaces the department part of the
    unit's document of that year (`replace_department`)."""
    from jixiao.web.goals.imports import ImportRefused, existing_document, replace_department

    document = existing_document(doc, unit)
    if document is None:
        raise ImportRefused(
            f"{unit.name} {doc.year or ''}年度还没有绩效目标文档，无可更新；去掉 --append 即可导入"
        )
    changed = replace_department(doc, actor, document, source_name=name)
    what = "、".join(changed) if changed else "内容与已有文档相同，未改动"
    print(
        f"已更新部门整体绩效目标：{unit.code} {unit.name} {document.year or ''}年度（{what}），"
        "项目未改动"
    )
    return 0


def _append(doc: Any, actor: str, unit: Any, name: str) -> int:
    """``--append``: the file's projects added to the unit's document of that year."""
    from jixiao.web.goals.imports import ImportRefused, append_document, existing_document

    document = existing_document(doc, unit)
    if document is None:
        raise ImportRefused(
            f"{unit.name} {doc.year or ''}年度还没有绩效目标文档，无可追加；去掉 --append 即可导入"
        )
    added = append_document(doc, actor, document, source_name=name)
    print(
        f"已追加：{unit.code} {unit.name} {document.year or ''}年度，{len(added)} 个项目"
        f"（第 {added[0].seq}–{added[-1].seq} 个，均为草稿），已有项目未改动"
    )
    return 0


def _many(files: list[Path], args: argparse.Namespace) -> int:
    from jixiao.core.batch import read_all
    from jixiao.web.bootstrap import cli_actor, setup

    setup()
    from django.db import connection, transaction
    from tqdm import tqdm

    from jixiao.core.errors import JixiaoError
    from jixiao.core.formats import read
    from jixiao.web.goals.bulk import Pending, batch_projects, large_load
    from jixiao.web.goals.bulk_sessions import storing
    from jixiao.web.goals.copy_text import encode

    actor = cli_actor()
    rows: list[dict[str, Any]] = []
    bar = tqdm(total=len(files), unit="份", file=sys.stderr, disable=not sys.stderr.isatty())
    # Documents wait here until a batch's worth of projects is read, then go in together.
    waiting: list[tuple[Pending, dict[str, Any]]] = []
    waiting_projects = 0
    # Batches being stored (by two sessions at once in a large load), reported in order.
    storing_now: deque[tuple[Future[None], list[tuple[Pending, dict[str, Any]]]]] = deque()

    def report(done: Future[None], batch: list[tuple[Pending, dict[str, Any]]]) -> None:
        done.result()
        for pending, row in batch:
            if pending.error is None:
                row.update(result="imported", message="")
            elif pending.already_stored:
                row.update(result="skipped", message="该单位该年度已导入")
            else:
                row.update(result="failed", message=pending.error)
        bar.update(len(batch))

    def flush() -> None:
        nonlocal waiting_projects
        batch = list(waiting)
        storing_now.append((store([p for p, _ in batch], actor), batch))
        while storing_now and storing_now[0][0].done():
            report(*storing_now.popleft())
        waiting.clear()
        waiting_projects = 0

    def add(item: Any) -> None:
        nonlocal waiting_projects
        row: dict[str, Any] = {"file": str(item.path), "unit": None, "year": None, "projects": 0}
        rows.append(row)
        if item.error is not None:
            row.update(result="failed", message=item.error)
            bar.update(1)
            return
        doc, encoded = item.document, item.extra
        # On PostgreSQL the worker sent the COPY text, which names the unit, not the document.
        said = encoded if doc is None else doc
        row.update(
            unit=encoded.unit_code if doc is None else doc.unit.code,
            year=said.year,
            projects=item.projects,
            budget_total=encoded.budget_total if doc is None else str(doc.budget_total),
            money_unit=said.money_unit,
            review_score=item.review_score,
            review_errors=item.review_errors,
        )
        try:
            with transaction.atomic():
                unit = _unit_for(said, args.unit, actor)
        except JixiaoError as e:
            row.update(result="failed", message=str(e))
            bar.update(1)
            return
        if waiting and waiting_projects + item.projects > batch_projects():
            flush()
        # Without the document, it is read again only for the one-by-one fallback.
        reload = partial(read, item.path) if doc is None else None
        waiting.append((Pending(doc, unit, item.path.name, encoded=encoded, reload=reload), row))
        waiting_projects += item.projects

    # On PostgreSQL the readers also check bounds and build the COPY text (`copy_text`),
    # and send that back instead of the document (unpickling every document cost this
    # process, which also stores, about 40 µs a project).
    copying = connection.vendor == "postgresql"
    then = encode if copying else None
    with large_load(len(files) * PROJECTS_PER_DOCUMENT), storing() as store:
        for item in read_all(files, max(1, args.jobs), then=then, documents=not copying):
            add(item)
        if waiting:
            flush()
    while storing_now:
        report(*storing_now.popleft())
    bar.close()
    _report(rows, args.format)
    return 1 if any(r["result"] == "failed" for r in rows) else 0


RESULT_LABELS = {"imported": "已导入", "skipped": "跳过", "failed": "失败"}


def _report(rows: list[dict[str, Any]], fmt: str) -> None:
    counts = {k: sum(1 for r in rows if r["result"] == k) for k in RESULT_LABELS}
    projects = sum(r["projects"] for r in rows if r["result"] == "imported")
    if fmt == "json":
        import json

        print(
            json.dumps({"counts": counts, "projects": projects, "files": rows}, ensure_ascii=False)
        )
        return
    from jixiao.core.texttable import format_table

    table = [
        [
            Path(r["file"]).name,
            r["unit"] or "",
            str(r["year"] or ""),
            str(r["projects"]),
            "" if r.get("review_score") is None else str(r["review_score"]),
            RESULT_LABELS[r["result"]],
            r.get("message") or "",
        ]
        for r in rows
    ]
    print(
        format_table(
            ["文件", "单位", "年度", "项目数", "审核得分", "结果", "说明"], table, right=(3, 4)
        )
    )
    print(
        f"共 {len(rows)} 份：已导入 {counts['imported']} 份（{projects} 个项目），"
        f"跳过 {counts['skipped']} 份，失败 {counts['failed']} 份"
    )
