"""``jixiao audit verify``: check the audit log's hash chain (exit 1 at the first break)."""

from __future__ import annotations

import argparse

HELP = "审计日志：verify 校验哈希链，指出第一条被修改、插入或删除的记录"


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="audit_command", required=True, metavar="子命令")
    sub.add_parser("verify", help="校验审计日志的哈希链", description="校验审计日志的哈希链")


def format_verdict(verdict) -> str:
    if verdict.intact:
        return f"审计日志完整：共 {verdict.checked} 条记录，哈希链校验通过"
    return f"审计日志校验失败：{verdict.first_break.message}"


def run(args: argparse.Namespace) -> int:
    import sys

    from jixiao.web.bootstrap import setup

    setup()
    from jixiao.web.audit.log import verify_chain

    verdict = verify_chain()
    print(format_verdict(verdict), file=sys.stdout if verdict.intact else sys.stderr)
    return 0 if verdict.intact else 1
