"""`jixiao read`: output shapes, and one-line errors with exit status 2 for bad input."""

from __future__ import annotations

import json

import pytest

from jixiao.cli import main


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_output_follows_the_contract(capsys, seed_path):
    status, out, _ = run(capsys, "read", str(seed_path), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["unit"] == {"code": "314003", "name": "唐山市曹妃甸区希望路街道办事处"}
    p = data["projects"][0]
    assert p["budget"] == {"total": "2.28", "fiscal": "2.28", "other": None}
    assert p["spending_plan"][0] == {"month": 3, "percent": "25", "text": "25%"}
    assert p["indicators"][0]["target"] == {
        "text": "≥100",
        "comparator": ">=",
        "value": "100",
        "unit": None,
    }


def test_text_output_has_a_line_per_project_and_totals(capsys, seed_path):
    status, out, _ = run(capsys, "read", str(seed_path))
    assert status == 0
    assert "13021322P00000410179E" in out and "残疾人专职委员队伍建设" in out
    assert "合计：36 个项目，预算数 788.92 万元" in out
    assert "40% — 100% —" in out  # project 11's blank cells stay visible


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def seed_lines(seed_path):
    return seed_path.read_text(encoding="utf-8").split("\n")


def bad_inputs(seed_path):
    lines = seed_lines(seed_path)
    text = "\n".join(lines)
    code_row = lines.index("\t13021322P00000410178T")  # project 3's 项目编码 row
    no_code = "\n".join(lines[: code_row - 1] + lines[code_row + 3 :])
    budget_line = lines.index("\t2.28") + 1
    return {
        "empty": ("", "文件为空", None),
        "binary": (bytes(range(256)) * 8, "二进制", None),
        "truncated": (
            text[: text.index("\t数量指标", text.index("36.综合文化站"))],
            "不完整",
            True,
        ),
        "no code": (no_code, "缺少“项目编码”", True),
        "non-numeric budget": (
            text.replace("\t2.28\n", "\t两万\n", 1),
            "不是数字",
            f"第 {budget_line} 行",
        ),
        "not a goal document": ("工资表\n张三\t5000\n", "不是绩效目标文档", None),
    }


@pytest.mark.parametrize(
    "case", ["empty", "binary", "truncated", "no code", "non-numeric budget", "not a goal document"]
)
def test_bad_input_gives_one_line_exit_2_and_no_traceback(capsys, tmp_path, seed_path, case):
    content, expected, where = bad_inputs(seed_path)[case]
    path = write(tmp_path, "bad.txt", content)
    status, out, err = run(capsys, "read", str(path))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bad.txt" in err and expected in err
    if where is True:
        assert "行" in err
    elif where:
        assert where in err


def test_inconsistent_content_is_read_as_written_with_warnings(capsys, tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    text = text.replace("13021322P000004101777", "13021322P00000410179E")  # duplicate code
    text = text.replace(
        "\t15.96\n\t其中：财政    资金\n\t15.96", "\t15.96\n\t其中：财政    资金\n\t10.00", 1
    )
    text = text.replace("\t25%\n\t50%\n\t75%", "\t25%\n\t20%\n\t75%", 1)  # decreasing plan
    path = write(tmp_path, "odd.txt", text)
    status, out, err = run(capsys, "read", str(path), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["projects"][1]["code"] == "13021322P00000410179E"
    assert data["projects"][1]["budget"]["fiscal"] == "10.00"
    assert "重复" in err and "不等于预算数" in err and "下降" in err
    assert all(line.startswith("警告：") for line in err.splitlines())


def test_the_summary_says_nothing_about_fiscal_money_when_no_table_states_it(seed_path):
    from dataclasses import replace

    from jixiao.core.formats.text_io import read_text
    from jixiao.core.summary import format_document

    doc = read_text(seed_path.read_text(encoding="utf-8"), seed_path.name)
    assert "（财政资金 " in format_document(doc)
    blank = replace(
        doc,
        projects=[replace(p, budget=replace(p.budget, fiscal=None)) for p in doc.projects],
    )
    assert "财政资金" not in format_document(blank)
