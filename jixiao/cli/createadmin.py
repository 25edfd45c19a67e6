"""``jixiao createadmin NAME``: the first 系统管理员 (then everything else is set up in pages).

Also used by ``jixiao serve`` when the data directory has no administrator yet: in a
terminal it asks for one; otherwise it says to run this command.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "创建系统管理员（第一次使用时先运行；之后在网页“系统设置”中建单位和用户）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="用户名")
    p.add_argument("--full-name", default="系统管理员", help="姓名或说明")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")


def has_admin() -> bool:
    """Whether an active 系统管理员 (or superuser) exists."""
    from jixiao.web.accounts.first_run import has_admin as exists

    return exists()


def ask_password() -> str:
    """A password typed twice in the terminal (not echoed)."""
    import getpass

    from jixiao.web.accounts.services import UserError

    password = getpass.getpass("密码：")
    if getpass.getpass("再输入一次：") != password:
        raise UserError("两次输入的密码不一致")
    return password


def create(name: str, password: str, full_name: str = "系统管理员") -> Any:
    from jixiao.web.accounts.services import create_admin
    from jixiao.web.bootstrap import cli_actor

    return create_admin(name, password, full_name, by=cli_actor())


def run(args: argparse.Namespace) -> int:
    from jixiao.web.bootstrap import setup

    setup()
    from jixiao.web.accounts.services import UserError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = ask_password()
    else:
        raise UserError("请用 --password-stdin 从标准输入提供密码")
    user = create(args.name, password, args.full_name)
    print(
        f"已创建系统管理员：{user.username}。请用浏览器登录，在“系统设置”中建立区划、单位和用户。"
    )
    return 0


def first_admin_or_refuse(stdin: Any = None) -> bool:
    """``jixiao serve`` without an administrator: ask in a terminal (True when created);
    elsewhere return False, and the server offers a one-time page to create one
    (`jixiao.web.accounts.first_run`)."""
    stdin = stdin or sys.stdin
    if has_admin():
        return True
    if not stdin.isatty():
        return False
    from jixiao.web.accounts.services import UserError

    print("第一次使用：请创建系统管理员（之后在网页中建立单位和用户）。")
    for _ in range(3):
        name = input("用户名：").strip()
        try:
            user = create(name, ask_password())
        except UserError as e:
            print(f"错误：{e}", file=sys.stderr)
            continue
        print(f"已创建系统管理员：{user.username}")
        return True
    return False
