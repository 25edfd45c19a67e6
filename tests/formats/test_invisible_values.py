"""Invisible characters pasted into cell values (zero-width space and joiners, a byte-order
mark, a soft hyphen, direction marks) are dropped as they are from labels: ``≥95%\u200b``
reads as ``≥95%``, its raw text and its parsed value alike, in every tabular format."""

from __future__ import annotations

import copy

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.textcodec import drop_invisible
from tests.corpus.build import T, build
from tests.corpus.cases import CASES

#: Value → the same value with invisible characters in it.
DIRTY = {
    "≥100": "≥100\u200b",
    "≥90%": "\u200e≥90%",
    "100%": "100%\u00ad",
    "年底实际情况": "年底\u00ad实际情况",
    "工资发放人数": "\ufeff工资发放人数",
    "2.28": "2.28\u200b",
    "25%": "25%\u200d",
    "产出指标": "产出\u200c指标",
    "13021322P00000410179E": "13021322P00000410179E\u2060",
    "残疾人专职委员队伍建设": "残疾人\u200b专职委员队伍建设\u202c",
}


def _dirty(blocks):
    out = copy.deepcopy(blocks)
    for b in out:
        if isinstance(b, T):
            b.rows = [[DIRTY.get(v, v) if isinstance(v, str) else v for v in r] for r in b.rows]
    return out


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_invisible_characters_in_values_are_dropped(fmt: str) -> None:
    case = next(c for c in CASES if c.id.startswith("c01"))
    clean = read_bytes(build(fmt, case.blocks), f"clean.{fmt}")
    dirty = read_bytes(build(fmt, _dirty(case.blocks)), f"dirty.{fmt}")
    assert dirty == clean
    assert dirty.warnings == clean.warnings
    p = dirty.projects[0]
    assert p.code == "13021322P00000410179E" and p.name == "残疾人专职委员队伍建设"
    first = p.indicators[0]
    assert (first.level1, first.name, first.basis) == ("产出指标", "工资发放人数", "年底实际情况")
    assert (first.target.text, first.target.comparator, str(first.target.value)) == (
        "≥100",
        ">=",
        "100",
    )


def test_every_invisible_character_is_dropped() -> None:
    for ch in "\u200b\u200c\u200d\u200e\u200f\u202a\u202c\u202e\u2060\u2066\u2069\ufeff\u00ad":
        assert drop_invisible(f"≥95%{ch}") == "≥95%", hex(ord(ch))
