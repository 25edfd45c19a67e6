"""``jixiao publish --year Y -o DIR``: the public site as static files (HTML + open data)."""

from __future__ import annotations

import argparse

HELP = "把已公开的绩效信息写成静态网站（HTML 与开放数据），供只能上传文件的门户使用"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="预算年度")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jixiao.web.bootstrap import setup

    setup()
    from jixiao.core.disclosure.site import write_site
    from jixiao.web.disclosure.services import published_projects

    projects = published_projects(args.year)
    files = write_site(projects, args.year, Path(args.output))
    units = len({p.unit_code for p in projects})
    print(
        f"已写出 {args.year} 年度公开网站：{units} 个单位、{len(projects)} 个项目，{len(files)} 个文件 → {args.output}"
    )
    return 0
