"""Control characters (C0 other than tab/newline/return, DEL, lone surrogates) never reach a
stored text: the file readers drop them (an office program's artefacts), a JSON document is
refused naming the field (a program meant what it escaped). One rule, `textcodec.CONTROL`."""

from __future__ import annotations

import copy

import pytest

from jixiao.core.errors import ReadError
from jixiao.core.formats import read_bytes, to_bytes
from jixiao.core.tabular import cell_text
from jixiao.core.textcodec import drop_controls, unstorable
from tests.corpus.build import T, build
from tests.corpus.cases import CASES


def test_the_one_rule() -> None:
    assert (
        drop_controls("残疾人\x00专职\x07委员\x0b\x0c队伍\x1f建设\x7f") == "残疾人专职委员队伍建设"
    )
    assert drop_controls("一\t二\n三\r四") == "一\t二\n三\r四"
    assert unstorable("a\x07b") == "含控制字符（\\u0007），不是有效的文字，请删除"
    assert unstorable("a\x7f") is not None and unstorable("a\ud800") is not None
    assert unstorable("≥95%\t说明\n") is None


def test_a_text_file_drops_them(seed_doc) -> None:
    text = to_bytes(seed_doc, "text").decode("utf-8")
    name = seed_doc.projects[0].name
    dirty = text.replace(name, "残疾人\x07专职委员\x1b队伍建设\x7f", 1).replace(
        "\n \n", "\n\x0c\n", 1
    )
    assert dirty != text
    for data in (dirty.encode("utf-8"), dirty.encode("gb18030")):
        assert read_bytes(data, "dirty.txt") == seed_doc


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_table_file_drops_them(fmt: str) -> None:
    # DEL is the one control character XML files hold as it is.
    case = next(c for c in CASES if c.id.startswith("c01"))
    blocks = copy.deepcopy(case.blocks)
    for b in blocks:
        if isinstance(b, T):
            b.rows = [[f"{v}\x7f" if isinstance(v, str) and v else v for v in r] for r in b.rows]
    clean = read_bytes(build(fmt, case.blocks), f"clean.{fmt}")
    assert read_bytes(build(fmt, blocks), f"dirty.{fmt}") == clean


def test_a_spreadsheet_cell_of_an_import_drops_them() -> None:
    assert cell_text("  95%\x07\x7f ") == "95%"


def test_a_json_document_is_refused_naming_the_field(seed_doc) -> None:
    data = to_bytes(seed_doc, "json").decode()
    name = seed_doc.projects[0].name
    data = data.replace(f'"{name}"', '"残疾人\\u0007专职委员队伍建设"')
    with pytest.raises(ReadError) as e:
        read_bytes(data.encode(), "goals.json")
    assert "[1].name" in str(e.value) or "[0].name" in str(e.value)
    assert "控制字符（\\u0007）" in str(e.value)
