"""Texts an XML file cannot hold (control characters, lone surrogates) are dropped by the
Word and Excel writers, not raised from deep inside python-docx or openpyxl."""

from __future__ import annotations

import dataclasses

import pytest

from jixiao.core.formats import read_bytes, to_bytes


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_unsafe_characters_are_dropped_from_the_file(seed_doc, fmt):
    p = dataclasses.replace(seed_doc.projects[0], name="残疾人\x00专职\ud800委员\x0c队伍建设")
    data = to_bytes(dataclasses.replace(seed_doc, projects=[p]), fmt)
    assert read_bytes(data, f"x.{fmt}").projects[0].name == "残疾人专职委员队伍建设"
