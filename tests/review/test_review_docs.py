"""docs/review.md lists every rule and every threshold (the tables are kept in step)."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.review.profile import defaults
from jixiao.core.review.rules import ALL_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "review.md"


def test_docs_list_every_rule_and_threshold() -> None:
    text = DOC.read_text("utf-8")
    for rule in ALL_RULES:
        assert f"| {rule.code} | `{rule.name}` | {rule.category} | {rule.severity} |" in text
    for name in defaults():
        assert f"| `{name}` |" in text
