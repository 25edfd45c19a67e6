"""The core's public surface changes only on purpose, and the core never imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import jixiao.core

PUBLIC = {
    "Budget", "Document", "Indicator", "JixiaoError", "PlanCell", "Project",
    "ProjectSummary", "ReadError", "SpendingPlan", "Target", "Unit",
    "UnsupportedFileError", "WriteError", "evaluate", "monitor", "parse_target", "read",
    "read_bytes", "review", "roll_over", "to_bytes", "write",
}  # fmt: skip


def test_the_public_surface_is_exactly_the_documented_one():
    assert set(jixiao.core.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(jixiao.core, name) is not None


def test_no_module_of_the_core_imports_django():
    root = Path(jixiao.core.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("jixiao.web")]
    assert offenders == []
