"""Every command in the registry is built and offered; a missing one fails loudly."""

from __future__ import annotations

import pytest

from jixiao import cli


def test_every_registered_command_is_offered():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(cli.COMMANDS)


def test_a_command_module_that_does_not_exist_is_an_error(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "nothing", "jixiao.cli.nothing_here")
    with pytest.raises(ModuleNotFoundError):
        cli.build_parser()
