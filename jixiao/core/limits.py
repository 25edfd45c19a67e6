"""How much one input file may hold: the bounds every reader and import respects.

Defaults come from the environment (``JIXIAO_MAX_FILE_MB``, ``JIXIAO_MAX_UNZIPPED_MB``,
``JIXIAO_MAX_ZIP_RATIO``, ``JIXIAO_MAX_TABLES``, ``JIXIAO_MAX_ROWS``, ``JIXIAO_MAX_CELLS``,
``JIXIAO_MAX_PROJECTS``);
the CLI's ``--max-…`` flags and tests override them for a block of code with `using`.
A file beyond a bound is refused with a `ReadError` before it can exhaust the process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    #: Size of the uploaded or read file.
    file_bytes: int = 50 * MIB
    #: Bytes inflated from all zip members of one file together (a running budget).
    unzipped_bytes: int = 200 * MIB
    #: Largest inflated/compressed ratio once a member has inflated past 1 MiB.
    zip_ratio: int = 200
    #: Members in one zip file.
    zip_members: int = 10_000
    #: Elements of one XML member parsed into a tree (a tree costs ~100 bytes an element).
    xml_elements: int = 2_000_000
    #: Tables (Word tables, worksheets) in one document.
    tables: int = 5_000
    #: Table rows and paragraphs in one document.
    rows: int = 500_000
    #: Cells of the worksheets' used areas walked in one workbook (blank ones and merged
    #: ranges included: a 5 KB file can declare ``A1:XFD1048576``, 17 billion cells).
    cells: int = 5_000_000
    #: Projects in one document read (``jixiao read``, exports, reviews).
    projects: int = 10_000
    #: Projects in one import into the database (preview and import stay a few seconds).
    import_projects: int = 2_000


#: Environment variable, field, and the factor turning its value into the field's unit.
ENV: dict[str, tuple[str, int]] = {
    "JIXIAO_MAX_FILE_MB": ("file_bytes", MIB),
    "JIXIAO_MAX_UNZIPPED_MB": ("unzipped_bytes", MIB),
    "JIXIAO_MAX_ZIP_RATIO": ("zip_ratio", 1),
    "JIXIAO_MAX_ZIP_MEMBERS": ("zip_members", 1),
    "JIXIAO_MAX_XML_ELEMENTS": ("xml_elements", 1),
    "JIXIAO_MAX_TABLES": ("tables", 1),
    "JIXIAO_MAX_ROWS": ("rows", 1),
    "JIXIAO_MAX_CELLS": ("cells", 1),
    "JIXIAO_MAX_PROJECTS": ("projects", 1),
    "JIXIAO_MAX_IMPORT_PROJECTS": ("import_projects", 1),
}


def from_env(environ: Any = None) -> Limits:
    """The limits the environment sets; a value that is not a positive integer is a
    `JixiaoError` (the web app checks them at start-up)."""
    environ = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for var, (field, factor) in ENV.items():
        raw = (environ.get(var) or "").strip()
        if not raw:
            continue
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number <= 0:
            from jixiao.core.errors import JixiaoError

            raise JixiaoError(f"环境变量 {var}={raw!r} 应为正整数")
        values[field] = number * factor
    return replace(Limits(), **values)


_current: ContextVar[Limits | None] = ContextVar("jixiao_limits", default=None)


def current() -> Limits:
    """The limits in force here: those set by `using`, else the environment's."""
    return _current.get() or from_env()


@contextmanager
def using(**changes: int | None) -> Iterator[Limits]:
    """Run a block under `current()` with some fields changed (``None`` keeps a field)."""
    known = {f.name for f in fields(Limits)}
    unknown = set(changes) - known
    if unknown:
        raise TypeError(f"unknown limits: {sorted(unknown)}")
    limits = replace(current(), **{k: v for k, v in changes.items() if v is not None})
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def megabytes(n: int) -> str:
    return f"{n / MIB:g} MB" if n % MIB else f"{n // MIB} MB"


#: What each countable limit counts, for messages.
_COUNTED = {
    "tables": ("表格", "个"),
    "rows": ("表格行和段落", "行"),
    "cells": ("单元格", "个"),
    "projects": ("项目", "个"),
    "import_projects": ("项目", "个"),
}


def check_count(field: str, count: int, name: str, limits: Limits | None = None) -> None:
    """Refuse a document holding more ``field`` (tables, rows, projects…) than allowed
    (by ``limits``, else `current()`)."""
    from jixiao.core.errors import ReadError

    limit = getattr(limits or current(), field)
    if count > limit:
        what, unit = _COUNTED[field]
        scope = "一次导入的" if field == "import_projects" else "文件中的"
        raise ReadError(
            f"{scope}{what}过多（超过 {limit} {unit}上限），已拒绝；可拆分文件，或由管理员调高上限",
            file=name,
        )
