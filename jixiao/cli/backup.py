"""``jixiao backup -o FILE``: a consistent copy of the whole database (audited)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "备份整个数据库到一个文件（SQLite 在线备份；PostgreSQL 用 pg_dump），文件权限 0600"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="备份文件（不能已存在）")


def run(args: argparse.Namespace) -> int:
    from jixiao.web.bootstrap import cli_actor, setup

    setup()
    from jixiao.web.audit.log import record
    from jixiao.web.backup import backup

    target = Path(args.output).expanduser().resolve()
    # Recorded first, so the backup holds its own entry and the chain ends with it.
    record(cli_actor(), "backup", object_type="system", object_repr=target.name)
    counts = backup(target)
    print(f"已备份到 {target}：{len(counts)} 张表，{sum(counts.values())} 行")
    return 0
