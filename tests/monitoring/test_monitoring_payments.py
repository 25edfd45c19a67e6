"""Reading payment records: CSV and xlsx, header synonyms, units, and errors at a line."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from jixiao.core.errors import ReadError
from jixiao.core.monitoring import read_payments, read_payments_bytes

D = Decimal
CODE = "13021322P00000410179E"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_chinese_headers_yuan_to_wan_exactly():
    data = csv_bytes(f'日期,项目编码,金额,摘要\n2022-03-31,{CODE},"12,345.67",工资\n')
    [p] = read_payments_bytes(data, "p.csv")
    assert p.date == datetime.date(2022, 3, 31)
    assert (p.project_code, p.amount, p.summary, p.line) == (CODE, D("1.234567"), "工资", 2)


def test_english_headers_in_any_order_and_no_summary():
    data = csv_bytes(f"amount,project_code,date\n-50,{CODE},2022/4/2\n")
    [p] = read_payments_bytes(data, "p.csv")
    assert p.amount == D("-0.005") and p.is_refund
    assert p.date == datetime.date(2022, 4, 2) and p.summary == ""


def test_payments_unit_wan_is_not_converted():
    data = csv_bytes(f"日期,项目编码,金额\n2022年3月1日,{CODE},1.5\n")
    [p] = read_payments_bytes(data, "p.csv", unit="万元", money_unit="万元")
    assert p.amount == D("1.5")


def test_gbk_csv_from_excel_and_blank_rows_are_read():
    text = f"支付日期,项目编码,支付金额,用途\n\n20220115,{CODE},￥100,办公\n,,,\n"
    payments = read_payments_bytes(csv_bytes(text, "gbk"), "p.csv")
    assert [(p.line, p.amount, p.summary) for p in payments] == [(3, D("0.01"), "办公")]


def test_xlsx_with_date_cells_and_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "项目编码", "金额", "摘要"])
    sheet.append([datetime.datetime(2022, 6, 30), CODE, 1234.5, "采购"])
    sheet.append(["2022-07-01", CODE, -200, "退款"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    payments = read_payments(path)
    assert [(p.date.isoformat(), p.amount, p.line) for p in payments] == [
        ("2022-06-30", D("0.12345"), 2),
        ("2022-07-01", D("-0.02"), 3),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (f"日期,项目编码,金额\n2022-03-31,{CODE},1\n2022-13-01,{CODE},1\n", 3, "日期"),
        (f"日期,项目编码,金额\n2022-03-31,{CODE},一百\n", 2, "不是数字"),
        (f"日期,项目编码,金额\n2022-03-31,{CODE},\n", 2, "金额为空"),
        ("日期,项目编码,金额\n2022-03-31,,1\n", 2, "项目编码为空"),
        ("日期,金额\n2022-03-31,1\n", 1, "表头缺少列"),
    ],
)
def test_bad_rows_name_file_and_line(text, line, words):
    with pytest.raises(ReadError) as e:
        read_payments_bytes(csv_bytes(text), "pay.csv")
    assert e.value.file == "pay.csv" and e.value.line == line
    assert words in str(e.value) and "pay.csv" in str(e.value)


def test_unknown_money_unit_and_missing_file(tmp_path):
    with pytest.raises(ReadError, match="金额单位"):
        read_payments_bytes(b"a", "p.csv", unit="美元")
    with pytest.raises(ReadError, match="无法打开"):
        read_payments(tmp_path / "none.csv")


def test_binary_garbage_is_rejected():
    with pytest.raises(ReadError):
        read_payments_bytes(io.BytesIO(b"\xff\xfe\x00\x00\x81").getvalue(), "p.csv")


def test_indicator_entries_file():
    from jixiao.core.monitoring import read_indicator_entries_bytes

    data = (
        "项目编码,指标序号,累计完成值,全年预计完成值,偏差原因分析,完成目标可能性,是否需要整改,整改措施,日期\n"
        f"{CODE},1,45%,95%,进度慢,有可能,是,加快采购,2022-06-30\n{CODE},2,达成,,,,,,\n"
    ).encode()
    first, second = read_indicator_entries_bytes(data, "e.csv")
    assert (first.indicator, first.value, first.expected_value, first.correction_needed) == (
        1,
        "45%",
        "95%",
        True,
    )
    assert first.date == datetime.date(2022, 6, 30) and first.follow_up == "加快采购"
    assert (second.value, second.correction_needed, second.date) == ("达成", None, None)


@pytest.mark.parametrize(
    ("row", "words"),
    [(f"{CODE},0,45", "指标序号"), (f"{CODE},1,很好", "实际完成值"), (f"{CODE},1,4,也许", "整改")],
)
def test_bad_indicator_entries_name_the_line(row, words):
    from jixiao.core.monitoring import read_indicator_entries_bytes

    data = f"project_code,indicator,value,correction_needed\n{row}\n".encode()
    with pytest.raises(ReadError) as e:
        read_indicator_entries_bytes(data, "e.csv")
    assert e.value.line == 2 and words in str(e.value)


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)),
            st.decimals(min_value=-(10**9), max_value=10**9, places=2).filter(bool),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_csv_round_trip_is_exact(rows):
    text = "日期,项目编码,金额\n" + "".join(f"{d.isoformat()},{CODE},{a}\n" for d, a in rows)
    payments = read_payments_bytes(text.encode(), "p.csv")
    assert [(p.date, p.amount * 10000) for p in payments] == list(rows)


def test_title_rows_above_the_header_are_skipped(tmp_path):
    book = Workbook()
    book.active.append(["希望路街道办事处 2022 年支付明细"])
    book.active.append([None, "单位：元"])
    book.active.append(["日期", "项目编码", "金额"])
    book.active.append(["2022-05-01", CODE, 100])
    book.save(tmp_path / "p.xlsx")
    [p] = read_payments(tmp_path / "p.xlsx")
    assert (p.line, p.amount) == (4, D("0.01"))


# -- one matching and validation rule (web preview and `monitor` alike) --------------------


def test_a_zero_amount_in_a_file_is_refused_with_its_line():
    from jixiao.core.errors import ReadError
    from jixiao.core.monitoring import read_payments_bytes

    data = "日期,项目编码,金额\n2022-03-01,P1,5\n2022-03-02,P1,0\n".encode()
    with pytest.raises(ReadError) as e:
        read_payments_bytes(data, "pay.csv")
    assert "pay.csv" in str(e.value) and "3" in str(e.value) and "金额不能为 0" in str(e.value)


def test_matching_first_project_wins_and_year_is_checked():
    import datetime as dt
    from decimal import Decimal as D

    from jixiao.core.monitoring import Payment
    from jixiao.core.monitoring.payments import match_payments

    pays = [
        Payment(dt.date(2022, 1, 5), "A", D(1)),
        Payment(dt.date(2021, 12, 31), "A", D(1)),
        Payment(dt.date(2022, 1, 5), "X", D(1)),
        Payment(dt.date(2022, 2, 1), "B", D(2)),
    ]
    m = match_payments(["A", None, "B", "A"], 2022, pays)
    assert [(p.project_code, i) for p, i in m.matched] == [("A", 0), ("B", 2)]
    assert [p.project_code for p in m.unmatched] == ["X"]
    assert [p.date.year for p in m.out_of_year] == [2021]
