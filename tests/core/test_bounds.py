"""Bounds on dates, texts, integer parameters and stored numbers; safe file names."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jixiao.core.bounds import check_date, check_text, check_year, parse_int, stored_number
from jixiao.core.errors import ReadError
from jixiao.core.files import safe_filename
from jixiao.core.formats import read_bytes


def test_dates_and_years():
    assert check_date(datetime.date(2022, 3, 31))
    for bad in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValueError, match="超出范围"):
            check_date(bad)
    with pytest.raises(ValueError, match="1990–2099"):
        check_year(20222)


def test_text_lengths():
    assert check_text("长" * 300, "name")
    with pytest.raises(ValueError, match="最多 300 字"):
        check_text("长" * 301, "name")


@pytest.mark.parametrize(
    ("raw", "value"), [("1", 1), (" 42 ", 42), ("", None), (None, None), ("2147483647", 2**31 - 1)]
)
def test_integer_parameters(raw, value):
    assert parse_int(raw, "page") == value


@pytest.mark.parametrize("raw", ["9" * 30, "2147483648", "²", "١٢", "1.0", "1e3", "abc"])
def test_integer_parameters_out_of_range_or_not_integers(raw):
    with pytest.raises(ValueError, match="参数 page"):
        parse_int(raw, "page")


@pytest.mark.parametrize("text", ["2.28", "-0.5", "100", "999999999999999999"])
def test_stored_numbers_that_read(text):
    assert stored_number(text) == Decimal(text)


@pytest.mark.parametrize("text", ["abc", "1e999999", "NaN", "Infinity", "1e18", "", "9" * 100])
def test_stored_numbers_that_do_not_read(text):
    with pytest.raises(ValueError, match="不是有效的数值"):
        stored_number(text)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("314003希望路/../../etc/passwd", "314003希望路_._._etc_passwd.docx"),
        ("a\x00b\x1bc\u202ed\r\n", "abcd.docx"),
        ("..", "导出.docx"),
        (".hidden", "hidden.docx"),
        ('x\\y:z*?"<>|', "x_y_z.docx"),
    ],
)
def test_names_from_documents_are_safe_file_names(name, safe):
    assert safe_filename(name, suffix=".docx") == safe


def test_long_names_are_cut_but_keep_their_suffix():
    name = safe_filename("长" * 500, suffix=".docx")
    assert len(name) == 80 and name.endswith(".docx")


def test_every_reader_refuses_an_amount_beyond_bounds(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    bad = text.replace("\t预算数\n\t2.28\n", "\t预算数\n\t123456789012345678\n", 1)
    with pytest.raises(ReadError, match="超出范围"):
        read_bytes(bad.encode("utf-8"), "目标.txt")
    # 2 亿万元 is within 12 digits but beyond 1 万亿元 in the document's 万元.
    bad = text.replace("\t预算数\n\t2.28\n", "\t预算数\n\t200000000\n", 1)
    with pytest.raises(ReadError, match="应小于 100,000,000 万元"):
        read_bytes(bad.encode("utf-8"), "目标.txt")


def test_the_xlsx_reader_refuses_a_typed_number_beyond_bounds(seed_doc):
    import copy

    from jixiao.core.formats import to_bytes

    doc = copy.deepcopy(seed_doc)
    doc.projects[0].budget.total = Decimal("123456789012345678")
    with pytest.raises(ReadError, match="超出范围"):
        read_bytes(to_bytes(doc, "xlsx"), "目标.xlsx")


def test_a_target_number_beyond_bounds_stays_unparsed_text():
    from jixiao.core.targets import parse_target

    t = parse_target("≥" + "9" * 20 + "人次")
    assert t.value is None and t.text.startswith("≥999")
    assert parse_target("≥36,000人次").value == Decimal(36000)
