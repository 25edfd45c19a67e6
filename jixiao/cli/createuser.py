"""``jixiao createuser NAME --role …``: a user with a role and scope."""

from __future__ import annotations

import argparse
import sys

HELP = "创建用户：填报人（unit）、审核人（reviewer）、系统管理员（admin）、审计员（auditor）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="用户名")
    p.add_argument(
        "--role", required=True, choices=["unit", "reviewer", "admin", "auditor"], help="角色"
    )
    p.add_argument("--unit", metavar="CODE", help="填报人所属单位的编码")
    p.add_argument(
        "--region",
        metavar="CODE",
        action="append",
        default=[],
        help="审核人负责的财政区划编码（可重复）",
    )
    p.add_argument(
        "--department",
        metavar="CODE",
        action="append",
        default=[],
        help="审核人负责的主管部门编码（可重复）",
    )
    p.add_argument("--full-name", default="", help="姓名或说明")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")


def _password(args: argparse.Namespace) -> str:
    from jixiao.web.accounts.services import UserError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != password:
            raise UserError("两次输入的密码不一致")
    else:
        raise UserError("请用 --password-stdin 从标准输入提供密码")
    from jixiao.web.accounts.passwords import check_password_rules

    # Checked again with the user name once the user exists (create_user).
    check_password_rules(password)
    return password


def run(args: argparse.Namespace) -> int:
    from jixiao.web.bootstrap import cli_actor, setup

    setup()
    from jixiao.web.accounts.services import UserError, create_user
    from jixiao.web.orgs.models import Department, Region, Unit

    unit = None
    if args.unit:
        unit = Unit.objects.filter(code=args.unit).first()
        if unit is None:
            raise UserError(f"单位编码“{args.unit}”不存在（先用 jixiao import 导入该单位的文档）")
    regions = []
    for code in args.region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise UserError(f"财政区划“{code}”不存在")
        regions.append(region)
    departments = []
    for code in args.department:
        found = list(Department.objects.filter(code=code)[:2])
        if len(found) != 1:
            raise UserError(f"主管部门“{code}”{'不存在' if not found else '在多个区划中重名'}")
        departments.append(found[0])
    password = _password(args)
    user = create_user(
        args.name,
        args.role,
        password,
        unit=unit,
        regions=regions,
        departments=departments,
        by=cli_actor(),
        full_name=args.full_name,
    )
    print(f"已创建用户：{user.username}（{user.profile.role_label}）")
    return 0
