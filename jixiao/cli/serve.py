"""``jixiao serve``: migrate, optionally load demo data, and serve with waitress."""

from __future__ import annotations

import argparse

HELP = "启动网页服务（waitress）；--demo 载入示例文档和示例用户"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")
    p.add_argument("--demo", action="store_true", help="载入示例数据（只载入一次）")


def format_banner(host: str, port: int, demo: bool, first_admin_token: str = "") -> str:
    from jixiao.web.demo import LOGINS, PASSWORD

    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    lines = [f"jixiao 已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）"]
    if first_admin_token:
        lines += [
            "还没有系统管理员。请在浏览器中打开以下地址创建第一个系统管理员（只能使用一次）：",
            f"  http://{shown}:{port}/first-admin/?token={first_admin_token}",
            "（也可以运行 jixiao createadmin <用户名> 创建。）",
        ]
    if demo:
        lines.append(f"示例用户（密码均为 {PASSWORD}）：")
        lines += [f"  {x.username:<10} {x.role}　{x.scope}" for x in LOGINS]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import os

    if args.demo:  # before the settings are read: the demo users keep the demo password
        os.environ["JIXIAO_DEMO"] = "1"
    from jixiao.web.bootstrap import setup

    setup()
    if args.demo:
        from jixiao.web.demo import load_demo

        load_demo()
    token = ""
    if not args.demo:
        from jixiao.cli.createadmin import first_admin_or_refuse

        if not first_admin_or_refuse():  # no terminal to ask in: the browser makes it
            from jixiao.web.accounts import first_run

            token = first_run.issue()
    import waitress  # type: ignore[import-untyped]
    from django.conf import settings

    from jixiao.web.bodylimit import SERVER_MARGIN, refuse_in_chinese
    from jixiao.web.wsgi import application

    print(format_banner(args.host, args.port, args.demo, token), flush=True)
    refuse_in_chinese(settings.JIXIAO_MAX_BODY_BYTES)
    waitress.serve(
        application,
        host=args.host,
        port=args.port,
        threads=args.threads,
        # Above the app's own bound (its Chinese 413 page), far below waitress's 1 GiB.
        max_request_body_size=settings.JIXIAO_MAX_BODY_BYTES + SERVER_MARGIN,
        _quiet=True,
    )
    return 0
