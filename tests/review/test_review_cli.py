"""``jixiao review`` and the formatters: exit status, JSON shape, text and HTML output."""

from __future__ import annotations

import json

import pytest

from jixiao.cli import main
from jixiao.core.formats import write
from jixiao.core.review import review
from jixiao.core.review.formatters import format_html, format_json, format_text

FINDING_KEYS = [
    "rule",
    "severity",
    "category",
    "project_seq",
    "project_code",
    "indicator",
    "field",
    "message",
    "suggestion",
]


@pytest.fixture
def clean_file(tmp_path, clean_document):
    path = tmp_path / "clean.json"
    write(clean_document(2), path, "json")
    return path


def test_json_shape_on_the_seed(seed_path, capsys) -> None:
    assert main(["review", str(seed_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["documents"]
    (doc,) = data["documents"]
    assert list(doc) == ["file", "score", "projects", "findings"]
    assert doc["file"] == str(seed_path) and isinstance(doc["score"], int)
    assert list(doc["projects"][0]) == ["seq", "code", "score"]
    assert all(list(f) == FINDING_KEYS for f in doc["findings"])
    template = next(f for f in doc["findings"] if f["rule"] == "R044")
    assert template["project_seq"] is None and template["indicator"] is None
    assert template["project_code"] is None


def test_clean_file_exits_0(clean_file, capsys) -> None:
    assert main(["review", str(clean_file)]) == 0
    out = capsys.readouterr().out
    assert "质量分 100/100" in out and "未发现问题" in out


def test_several_files_and_warnings_only_exit_0(
    clean_file, tmp_path, clean_document, capsys
) -> None:
    doc = clean_document(2)
    doc.projects[0].indicators[0].basis = "年底实际情况"  # a warning, not an error
    other = tmp_path / "warn.json"
    write(doc, other, "json")
    assert main(["review", str(clean_file), str(other), "--format", "json"]) == 0
    docs = json.loads(capsys.readouterr().out)["documents"]
    assert [d["file"] for d in docs] == [str(clean_file), str(other)]
    assert [f["rule"] for f in docs[1]["findings"]] == ["R031"]


def test_unreadable_input_exits_2_and_prints_no_report(tmp_path, clean_file, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not a document")
    assert main(["review", str(clean_file), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "bad.txt" in err


def test_bad_profile_exits_2(tmp_path, clean_file, capsys) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text("[thresholds]\nnope = 1\n", "utf-8")
    assert main(["review", str(clean_file), "--profile", str(profile)]) == 2
    assert "未知的阈值“nope”" in capsys.readouterr().err


def test_profile_can_turn_errors_off(seed_path, tmp_path, capsys) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[rules]\ndisable = ["error"]\n', "utf-8")
    assert main(["review", str(seed_path), "--profile", str(profile)]) == 0
    assert "错误 0 条" in capsys.readouterr().out


def test_text_groups_findings_per_project(seed_doc) -> None:
    text = format_text(review(seed_doc))
    assert (
        text.index("全文档") < text.index("项目 1 残疾人专职委员队伍建设") < text.index("项目 2 ")
    )
    assert "第 1 个指标·指标值：指标值“1”没有指标性质" in text
    assert "建议：" in text


def test_html_is_self_contained_chinese(seed_doc) -> None:
    report = review(seed_doc)
    report.file = "a<b>.txt"
    page = format_html(report)
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "<style>" in page and "a&lt;b&gt;.txt" in page
    for external in ("http://", "https://", "<script", "<link", "src="):
        assert external not in page
    assert page.count('class="sev error"') == report.errors
    assert "节约经费，认真完成工作" in page


def test_json_formatter_matches_report(seed_doc) -> None:
    report = review(seed_doc)
    data = json.loads(format_json(report))
    assert len(data["documents"][0]["findings"]) == len(report.findings)
    assert data["documents"][0]["score"] == report.score
