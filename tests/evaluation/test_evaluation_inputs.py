"""Actual-value and budget files, and `jixiao evaluate` on the seed document."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jixiao.cli import main
from jixiao.core.errors import ReadError
from jixiao.core.evaluation import evaluate, read_actuals, read_actuals_bytes, read_budgets_bytes

D = Decimal
P1 = "13021322P00000410179E"  # 2.28 万元; ≥100, ≥100, ≥100
P3 = "13021322P00000410178T"  # 5.00 万元; ≥80, ≥90, ≥90


def test_actuals_numbers_units_grades_and_reasons():
    data = (
        "project_code,indicator,actual,reason\n"
        f"{P1},1,100,\n{P1},2,95%,宣传不足\n{P1},3,部分达成年度指标并具有一定效果,\n"
    ).encode()
    a = read_actuals_bytes(data, "a.csv")
    assert [(x.indicator, x.value.value, x.value.unit, x.value.grade) for x in a] == [
        (1, D(100), None, None),
        (2, D(95), "%", None),
        (3, None, None, "部分达成"),
    ]
    assert a[1].reason == "宣传不足" and a[2].line == 4


def test_actuals_from_xlsx_with_chinese_headers(tmp_path):
    book = Workbook()
    book.active.append(["项目编码", "指标序号", "实际完成值"])
    book.active.append([P1, 1, 98.5])
    book.active.append([P1, 2.0, "达成"])
    book.save(tmp_path / "a.xlsx")
    a = read_actuals(tmp_path / "a.xlsx")
    assert [(x.indicator, x.value.value, x.value.grade) for x in a] == [
        (1, D("98.5"), None),
        (2, None, "达成"),
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (f"{P1},0,100", "指标序号"),
        (f"{P1},1.5,100", "指标序号"),
        (f"{P1},1,≥90", "实际完成值"),
        (f"{P1},1,很好", "实际完成值"),
        (f"{P1},1,", "为空"),
        (",1,100", "项目编码为空"),
    ],
)
def test_bad_actual_rows_name_the_line(body, words):
    with pytest.raises(ReadError) as e:
        read_actuals_bytes(f"project_code,indicator,actual\n{body}\n".encode(), "a.csv")
    assert (e.value.file, e.value.line) == ("a.csv", 2) and words in str(e.value)


def test_budget_rows():
    data = f'项目编码,年初预算数,全年预算数,全年执行数\n{P1},2.28,2.50,"2.40"\n{P3},,5,4\n'
    b = read_budgets_bytes(data.encode(), "b.csv")
    assert [(x.budget_initial, x.budget_adjusted, x.executed) for x in b] == [
        (D("2.28"), D("2.50"), D("2.40")),
        (None, D(5), D(4)),
    ]
    with pytest.raises(ReadError, match="负数") as e:
        read_budgets_bytes(
            f"project_code,budget_initial,budget_adjusted,executed\n{P1},1,1,-1\n".encode(), "b.csv"
        )
    assert e.value.line == 2


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([("NOPE", 1, "1")], "不在文档中"),
        ([(P1, 4, "1")], "没有第 4 个指标"),
        ([(P1, 1, "1"), (P1, 1, "2")], "重复"),
    ],
)
def test_records_must_match_the_document(seed_doc, rows, words):
    body = "".join(f"{c},{n},{v}\n" for c, n, v in rows)
    acts = read_actuals_bytes(f"project_code,indicator,actual\n{body}".encode(), "a.csv")
    with pytest.raises(ReadError) as e:
        evaluate(seed_doc, acts)
    assert words in str(e.value) and e.value.line == len(rows) + 1 and e.value.file == "a.csv"


def test_seed_project_3_by_hand(seed_doc):
    acts = read_actuals_bytes(
        f"project_code,indicator,actual\n{P3},1,72\n{P3},2,达成\n{P3},3,117\n".encode(), "a.csv"
    )
    budgets = read_budgets_bytes(
        f"project_code,budget_initial,budget_adjusted,executed\n{P3},5,5,4.25\n".encode(), "b.csv"
    )
    p = evaluate(seed_doc, acts, budgets).projects[2]
    # budget 4.25/5 = 85 % → 8.50; 72/80 × 50 = 45; 达成 → 0.9 × 30 = 27; 117 ≥ 90 → 10
    assert (p.budget_score, [ln.score for ln in p.lines]) == (D("8.50"), [D(45), D(27), D(10)])
    assert (p.score, p.grade, p.complete) == (D("90.50"), "优", True)
    assert [r.kind for r in p.reasons_required] == ["execution_low", "missed", "overachieved"]


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_evaluate_command_json_contract(capsys, tmp_path, seed_path):
    (tmp_path / "a.csv").write_text(
        f"project_code,indicator,actual\n{P1},1,100\n{P1},2,95\n{P1},3,达成\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        f"project_code,budget_initial,budget_adjusted,executed\n{P1},2.28,2.28,2.28\n",
        encoding="utf-8",
    )
    status, out, _ = run(
        capsys,
        "evaluate",
        str(seed_path),
        "--actuals",
        str(tmp_path / "a.csv"),
        "--budget",
        str(tmp_path / "b.csv"),
        "--format",
        "json",
    )
    assert status == 0
    data = json.loads(out)
    p = data["projects"][0]
    assert {"code", "score", "grade", "budget_score", "lines", "reasons_required"} <= p.keys()
    assert (p["code"], p["score"], p["grade"], p["budget_score"]) == (P1, "97.50", "优", "10.00")
    assert [(ln["indicator"], ln["weight"], ln["score"]) for ln in p["lines"]] == [
        (1, "50.00", "50.00"),
        (2, "30.00", "28.50"),
        (3, "10.00", "9.00"),
    ]
    assert [r["kind"] for r in p["reasons_required"]] == ["missed"]
    second = data["projects"][1]
    assert second["budget_score"] is None and second["complete"] is False
    assert "budget" in second["missing"]
    assert data["rollup"]["complete"] == 1 and data["rollup"]["grades"]["优"] == 1
    assert data["rollup"]["average"] == "97.50"


def test_evaluate_command_text_and_errors(capsys, tmp_path, seed_path):
    (tmp_path / "a.csv").write_text(f"project_code,indicator,actual\n{P1},1,100\n", "utf-8")
    status, out, _ = run(capsys, "evaluate", str(seed_path), "--actuals", str(tmp_path / "a.csv"))
    assert status == 0 and "残疾人专职委员队伍建设" in out and "汇总：36 个项目" in out
    (tmp_path / "bad.csv").write_text(f"project_code,indicator,actual\n{P1},x,100\n", "utf-8")
    status, out, err = run(
        capsys, "evaluate", str(seed_path), "--actuals", str(tmp_path / "bad.csv")
    )
    assert status == 2 and out == "" and "bad.csv" in err and "第 2 行" in err
    assert err.count("\n") == 1


def test_evaluate_command_grade_bands_and_band_point(capsys, tmp_path, seed_path):
    # budget 0 of 1 → 0; 72/100 × 50 = 36; 达成 at the top of its band 30; 100 ≥ 100 → 10
    (tmp_path / "a.csv").write_text(
        f"project_code,indicator,actual\n{P1},1,72\n{P1},2,达成\n{P1},3,100\n", "utf-8"
    )
    (tmp_path / "b.csv").write_text(
        f"project_code,budget_initial,budget_adjusted,executed\n{P1},1,1,0\n", "utf-8"
    )
    args = [
        "evaluate",
        str(seed_path),
        "--actuals",
        str(tmp_path / "a.csv"),
        "--budget",
        str(tmp_path / "b.csv"),
        "--format",
        "json",
    ]
    status, out, _ = run(capsys, *args, "--grade-bands", "80,70,60", "--band-point", "1")
    assert status == 0
    p = json.loads(out)["projects"][0]
    assert (p["score"], p["grade"]) == ("76.00", "良")
    status, out, _ = run(capsys, *args)
    assert json.loads(out)["projects"][0]["grade"] == "中"  # 73.00 with the defaults
    with pytest.raises(SystemExit) as e:
        main([*args, "--grade-bands", "60,80,90"])
    assert e.value.code == 2


def test_corrupt_xlsx_is_a_read_error():
    with pytest.raises(ReadError, match=r"a\.xlsx"):
        read_actuals_bytes(b"PK\x03\x04not really a zip", "a.xlsx")
