"""`jixiao monitor`: the JSON contract, the text table, unmatched rows, exit status 2."""

from __future__ import annotations

import json

from jixiao.cli import main

P1 = "13021322P00000410179E"


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def write_payments(tmp_path, body: str):
    path = tmp_path / "payments.csv"
    path.write_text("日期,项目编码,金额,摘要\n" + body, encoding="utf-8")
    return path


def test_json_follows_the_contract_and_keeps_unmatched(capsys, tmp_path, seed_path):
    pays = write_payments(
        tmp_path,
        f"2022-02-01,{P1},5700,工资\n2022-03-01,{P1},-2280,退款\n2022-02-01,XYZ,100,错编码\n",
    )
    status, out, _ = run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-03-31",
        "--format",
        "json",
    )
    assert status == 0
    data = json.loads(out)
    p = data["projects"][0]
    assert {
        "code",
        "executed",
        "execution_rate",
        "expected_percent",
        "time_percent",
        "color",
    } <= p.keys()
    assert (p["code"], p["executed"], p["execution_rate"]) == (P1, "0.342", "15.00")
    assert (p["expected_percent"], p["time_percent"], p["color"]) == ("25.00", "25.00", "yellow")
    assert data["unmatched"] == [
        {
            "line": 4,
            "date": "2022-02-01",
            "project_code": "XYZ",
            "amount": "0.01",
            "summary": "错编码",
        }
    ]
    assert data["totals"]["executed"] == "0.342"
    assert data["totals"]["budget"] == "788.92"
    assert {p["color"] for p in data["projects"]} <= {"red", "yellow", "green", "blue"}


def test_payments_unit_option(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, f"2022-02-01,{P1},0.57,工资\n")
    status, out, _ = run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-03-31",
        "--payments-unit",
        "万元",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["projects"][0]["execution_rate"] == "25.00"


def test_text_table_lists_projects_totals_and_unmatched(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, f"2022-02-01,{P1},5700,工资\n2022-02-01,XYZ,100,错编码\n")
    status, out, _ = run(
        capsys, "monitor", str(seed_path), "--payments", str(pays), "--as-of", "2022-03-31"
    )
    assert status == 0
    assert "残疾人专职委员队伍建设" in out and "25.00%" in out
    assert "合计：36 个项目，预算数 788.92" in out
    assert "项目编码不在文档中的支付记录：1 条" in out and "XYZ" in out


def test_indicator_progress_file_colors_the_project(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, f"2022-02-01,{P1},11400,工资\n")
    prog = tmp_path / "progress.csv"
    prog.write_text(
        f"项目编码,指标序号,累计完成值,偏差原因分析\n{P1},1,20,人员未到岗\n", encoding="utf-8"
    )
    status, out, _ = run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-06-30",
        "--progress",
        str(prog),
        "--format",
        "json",
    )
    assert status == 0
    p = json.loads(out)["projects"][0]
    assert (p["spending_color"], p["color"]) == ("green", "red")
    assert p["indicators"][0]["progress"] == "40.00"
    assert p["indicators"][0]["deviation_reason"] == "人员未到岗"


def test_bad_payment_row_is_one_line_and_status_2(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, f"2022-02-01,{P1},abc,工资\n")
    status, out, err = run(
        capsys, "monitor", str(seed_path), "--payments", str(pays), "--as-of", "2022-03-31"
    )
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "payments.csv" in err and "第 2 行" in err


def test_progress_naming_an_unknown_indicator_is_status_2(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, "")
    prog = tmp_path / "progress.csv"
    prog.write_text(f"project_code,indicator,value\n{P1},9,20\n", encoding="utf-8")
    status, _, err = run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-06-30",
        "--progress",
        str(prog),
    )
    assert status == 2 and "第 9 个指标" in err and "第 2 行" in err


def test_text_lists_indicator_progress(capsys, tmp_path, seed_path):
    pays = write_payments(tmp_path, "")
    prog = tmp_path / "progress.csv"
    prog.write_text(
        f"project_code,indicator,value,deviation_reason\n{P1},1,20,人员未到岗\n", "utf-8"
    )
    status, out, _ = run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-06-30",
        "--progress",
        str(prog),
    )
    assert status == 0
    assert "指标进度：" in out and "40.00%" in out and "人员未到岗" in out


def _monitor_with_progress(capsys, tmp_path, seed_path, body: str):
    pays = write_payments(tmp_path, "")
    prog = tmp_path / "progress.csv"
    prog.write_text("project_code,indicator,value,deviation_reason,date\n" + body, "utf-8")
    return run(
        capsys,
        "monitor",
        str(seed_path),
        "--payments",
        str(pays),
        "--as-of",
        "2022-06-30",
        "--progress",
        str(prog),
    )


def test_red_progress_without_a_reason_is_refused_as_on_the_web(capsys, tmp_path, seed_path):
    # 20 against the target by June is 40 %: red, and no reason on line 3.
    body = f"{P1},1,20,人员未到岗,\n{P1},1,20,,\n"
    status, out, err = _monitor_with_progress(capsys, tmp_path, seed_path, body)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert "progress.csv" in err and "第 3 行" in err
    assert "红灯，请填写偏差原因分析" in err


def test_progress_colour_is_taken_on_the_entry_date(capsys, tmp_path, seed_path):
    # On 31 January one month has passed: 20 is well ahead, so no reason is needed then,
    # even though the same value would be red by the as-of date.
    status, out, _ = _monitor_with_progress(capsys, tmp_path, seed_path, f"{P1},1,20,,2022-01-31\n")
    assert status == 0 and "指标进度：" in out
