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


@pytest.mark.parametrize(("escape", "problem"), [("\\ud800", "代理项"), ("\\u0000", "空字符")])
def test_a_json_document_with_a_text_no_database_stores_is_refused(seed_doc, escape, problem):
    from jixiao.core.errors import ReadError

    data = to_bytes(seed_doc, "json").decode()
    name = seed_doc.projects[0].name
    data = data.replace(f'"{name}"', f'"残疾人{escape}专职委员队伍建设"')
    with pytest.raises(ReadError) as e:
        read_bytes(data.encode(), "goals.json")
    assert "goals.json" in str(e.value) and "[1].name" in str(e.value)
    assert problem in str(e.value)
