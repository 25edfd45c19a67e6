"""The ``jixiao`` command line: one module per subcommand, registered below.

Each module defines ``HELP`` (one Chinese line), ``configure(parser)`` and
``run(args) -> int``. Modules import heavy libraries (Django, openpyxl…) inside ``run`` so
that ``jixiao read`` starts fast. A `JixiaoError` becomes one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, str] = {
    "read": "jixiao.cli.read",
    "export": "jixiao.cli.export",
    "review": "jixiao.cli.review",
    "monitor": "jixiao.cli.monitor",
    "evaluate": "jixiao.cli.evaluate",
    "serve": "jixiao.cli.serve",
    "import": "jixiao.cli.import_",
    "createuser": "jixiao.cli.createuser",
    "publish": "jixiao.cli.publish",
    "remind": "jixiao.cli.remind",
    "generate": "jixiao.cli.generate",
    "createadmin": "jixiao.cli.createadmin",
    "audit": "jixiao.cli.audit",
    "backup": "jixiao.cli.backup",
    "restore": "jixiao.cli.restore",
    "check": "jixiao.cli.check",
    "rollups": "jixiao.cli.rollups",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="预算绩效管理（jixiao）命令行")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name, dotted in COMMANDS.items():
        module = importlib.import_module(dotted)  # a missing command is a bug: fail loudly
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from jixiao.cli.limits import applied
    from jixiao.core.errors import JixiaoError

    args = build_parser().parse_args(argv)
    try:
        with applied(args):
            return int(args._run(args))
    except JixiaoError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
