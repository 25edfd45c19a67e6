"""``jixiao restore FILE``: restore a backup into an empty data directory, then verify it."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "把 jixiao backup 的备份恢复到空的数据目录，并核对各表行数和审计日志哈希链"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="备份文件")


def run(args: argparse.Namespace) -> int:
    import os

    from jixiao.web.backup import check_empty
    from jixiao.web.env import data_dir

    if not os.environ.get("DATABASE_URL", "").strip():
        check_empty(data_dir())  # before Django starts and creates its files there
    from jixiao.web.bootstrap import setup

    setup(migrate=False)
    from django.conf import settings

    from jixiao.web.backup import restore

    source = Path(args.file).expanduser().resolve()
    done = restore(source, settings.DATA_DIR)
    print(
        f"已恢复到 {settings.DATA_DIR}：{done.tables} 张表，{done.rows} 行，与备份一致；"
        f"审计日志 {done.audit_entries} 条，哈希链校验通过"
    )
    return 0
