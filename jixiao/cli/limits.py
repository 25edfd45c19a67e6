"""``--max-…`` flags of the commands that read files: override `jixiao.core.limits`."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from jixiao.core import limits

#: Flag, field of `limits.Limits`, factor to the field's unit, help.
FLAGS: list[tuple[str, str, int, str]] = [
    ("--max-file-mb", "file_bytes", limits.MIB, "文件大小上限（MB）"),
    ("--max-unzipped-mb", "unzipped_bytes", limits.MIB, ".docx/.xlsx 解压后大小上限（MB）"),
    ("--max-tables", "tables", 1, "表格（工作表）数上限"),
    ("--max-rows", "rows", 1, "表格行数上限"),
    ("--max-projects", "projects", 1, "项目数上限"),
]
#: Only for ``jixiao import``.
IMPORT_FLAGS = [("--max-import-projects", "import_projects", 1, "一次导入的项目数上限")]


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正整数：{raw!r}")
    return value


def add_arguments(p: argparse.ArgumentParser, *, importing: bool = False) -> None:
    group = p.add_argument_group("读取上限（默认取环境变量 JIXIAO_MAX_…）")
    for flag, field, _, text in FLAGS + (IMPORT_FLAGS if importing else []):
        group.add_argument(flag, dest=f"limit_{field}", type=_positive, metavar="N", help=text)


@contextmanager
def applied(args: argparse.Namespace) -> Iterator[None]:
    """Run a command under the limits its flags set (commands without them: unchanged)."""
    changes = {}
    for _, field, factor, _ in FLAGS + IMPORT_FLAGS:
        value = getattr(args, f"limit_{field}", None)
        if value is not None:
            changes[field] = value * factor
    with limits.using(**changes):
        yield
