"""``jixiao generate``: realistic goal documents for scale tests, as files or in the database."""

from __future__ import annotations

import argparse
import os
import sys

HELP = "生成模拟的绩效目标文档（用于规模测试）：写成文件，或直接写入数据库"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--units", type=int, required=True, metavar="N", help="单位数")
    p.add_argument(
        "--projects-per-unit", type=int, required=True, metavar="M", help="每个单位的项目数"
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="S", help="随机种子（相同种子，相同结果）"
    )
    p.add_argument("--year", type=int, default=2024, help="预算年度")
    p.add_argument(
        "--to",
        required=True,
        metavar="DIR|db",
        help="输出目录；db 表示写入 JIXIAO_DATA_DIR/DATABASE_URL 指定的数据库",
    )
    p.add_argument(
        "--formats",
        default="text,docx,xlsx",
        help="文件格式，逗号分隔，按单位轮流使用（默认 text,docx,xlsx）",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="写入 PostgreSQL 时生成文档的进程数（默认为 CPU 核数，最多 2）",
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="结果的输出格式")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jixiao.core.errors import JixiaoError
    from jixiao.core.generate import FORMATS, GeneratorOptions, generate_documents

    if args.units < 1 or args.projects_per_unit < 1:
        raise JixiaoError("--units 和 --projects-per-unit 必须是正整数")
    if args.units > 900_000:
        raise JixiaoError("--units 最多 900000（单位编码为六位数字）")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise JixiaoError(f"不支持的格式“{'、'.join(unknown)}”，可选：{'、'.join(FORMATS)}")
    opts = GeneratorOptions(args.units, args.projects_per_unit, seed=args.seed, year=args.year)
    docs = generate_documents(opts)
    bar = _progress(args.units)
    if args.to == "db":
        projects = _to_db(opts, max(1, args.jobs), bar)
        where = "数据库"
    else:
        projects = _to_dir(docs, Path(args.to), formats, bar)
        where = args.to
    bar.close()
    if args.format == "json":
        import json

        print(
            json.dumps({"units": args.units, "projects": projects, "to": where}, ensure_ascii=False)
        )
    else:
        print(f"已生成 {args.units} 个单位、{projects} 个项目 → {where}")
    return 0


def _progress(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="单位", file=sys.stderr, disable=not sys.stderr.isatty())


def _to_dir(docs, out, formats, bar) -> int:  # type: ignore[no-untyped-def]
    from jixiao.core.files import write_atomically
    from jixiao.core.generate import document_bytes, file_name

    out.mkdir(parents=True, exist_ok=True)
    projects = 0
    for i, doc in enumerate(docs):
        fmt = formats[i % len(formats)]
        write_atomically(out / file_name(doc, fmt), document_bytes(doc, fmt))
        projects += len(doc.projects)
        bar.update(1)
    return projects


def _to_db(opts, jobs: int, bar) -> int:  # type: ignore[no-untyped-def]
    """Generate and store: on PostgreSQL ``jobs`` processes generate the documents and build
    their COPY text (`copy_text.encode`) while this one creates the units and stores batch
    after batch; on SQLite the documents are generated here. The whole run is one
    `bulk.large_load`; a unit and year stored by an earlier run is left as it is (resume)."""
    from functools import partial

    from jixiao.core.generate.documents import generate_unit
    from jixiao.core.model import Document
    from jixiao.web.bootstrap import cli_actor, setup

    setup()
    from collections import deque
    from concurrent.futures import Future

    from django.db import connection

    from jixiao.core.errors import JixiaoError
    from jixiao.web.goals.bulk import Pending, batch_projects, large_load
    from jixiao.web.goals.bulk_sessions import storing
    from jixiao.web.orgs.services import ensure_units

    actor = cli_actor()
    projects = 0
    copying = connection.vendor == "postgresql"
    # Batches being stored (by two sessions at once in a large load), counted in order.
    storing_now: deque[tuple[Future[None], list[Pending]]] = deque()

    def stored(done: Future[None], pending: list[Pending]) -> int:
        done.result()
        count = 0
        for p in pending:
            if p.error is not None and not p.already_stored:
                raise JixiaoError(f"{p.source_name}：{p.error}")
            if p.error is None:  # a unit and year stored by an earlier run is left as it is
                count += p.encoding().project_count if p.encoded else len(p.full().projects)
        bar.update(len(pending))
        return count

    with large_load(opts.units * opts.projects_per_unit), storing() as store:
        per_batch = max(1, batch_projects() // opts.projects_per_unit)  # larger in a large load
        chunks = [
            range(start, min(start + per_batch, opts.units))
            for start in range(0, opts.units, per_batch)
        ]
        for generated in _generated(opts, chunks, jobs if copying else 0):
            units = ensure_units([spec for _, spec, _ in generated], actor)
            pending = [
                Pending(
                    doc if isinstance(doc, Document) else None,
                    units[spec[0]],
                    f"generated:{spec[0]}",
                    encoded=None if isinstance(doc, Document) else doc,
                    reload=partial(generate_unit, opts, u),
                )
                for u, spec, doc in generated
            ]
            storing_now.append((store(pending, actor), pending))
            while storing_now and storing_now[0][0].done():
                projects += stored(*storing_now.popleft())
    while storing_now:
        projects += stored(*storing_now.popleft())
    return projects


def _generated(opts, chunks, jobs: int):  # type: ignore[no-untyped-def]
    """Per chunk of unit numbers, ``(u, unit spec, document or its COPY text)`` of each
    unit, in order: generated here (``jobs`` 0), else by ``jobs`` processes that keep a few
    chunks ahead of the storing."""
    if jobs <= 0:
        for chunk in chunks:
            yield _generate_chunk(opts, chunk, False)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        ahead: deque = deque()
        for chunk in chunks:
            ahead.append(pool.submit(_generate_chunk, opts, chunk, True))
            if len(ahead) > 2 * jobs:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def _generate_chunk(opts, chunk: range, encoded: bool) -> list:  # type: ignore[no-untyped-def]
    from jixiao.core.generate.documents import generate_unit
    from jixiao.web.goals.copy_text import encode

    out = []
    for u in chunk:
        doc = generate_unit(opts, u)
        code = doc.unit.code or ""
        region_code = (doc.projects[0].code or "")[:6] if doc.projects else None
        spec = (code, doc.unit.name, region_code, _county(doc.unit.name))
        out.append((u, spec, encode(doc) if encoded else doc))
    return out


def _county(unit_name: str) -> str:
    """The county part of a generated unit name (``河北省长原县教育局`` → ``河北省长原县``)."""
    for mark in ("县", "区", "市"):
        at = unit_name.find(mark, 3)
        if at != -1:
            return unit_name[: at + 1]
    return unit_name
