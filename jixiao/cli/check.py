"""``jixiao check [--deploy]``: Django's system checks on the current settings."""

from __future__ import annotations

import argparse

HELP = "检查配置；--deploy 按生产部署要求检查（HTTPS、HSTS、安全 Cookie 等），有问题时退出码 1"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--deploy", action="store_true", help="按生产部署要求检查")


def run(args: argparse.Namespace) -> int:
    from jixiao.web.bootstrap import setup

    setup(migrate=False)
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="WARNING")
    except SystemCheckError as e:
        print(e)
        return 1
    return 0
