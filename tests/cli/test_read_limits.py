"""The ``--max-…`` flags and ``JIXIAO_MAX_…`` variables bound what a command reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main


def test_max_projects_refuses_a_larger_document(seed_path: Path, capsys):
    assert main(["read", str(seed_path), "--max-projects", "10"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [err]
    assert seed_path.name in err and "项目过多（超过 10 个上限）" in err


def test_the_environment_sets_the_default(seed_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_PROJECTS", "10")
    assert main(["read", str(seed_path)]) == 2
    assert "10 个上限" in capsys.readouterr().err
    assert main(["read", str(seed_path), "--max-projects", "36"]) == 0  # the flag wins


def test_max_unzipped_and_max_tables_bound_a_word_file(tmp_path: Path, seed_doc, capsys):
    import copy

    from jixiao.core.formats import to_bytes

    doc = copy.deepcopy(seed_doc)
    doc.projects = [copy.deepcopy(p) for p in seed_doc.projects * 3]  # ~1.4 MB of XML
    for k, p in enumerate(doc.projects, 1):
        p.seq, p.title = k, f"{k}.{p.name}绩效目标表"
    src = tmp_path / "目标.docx"
    src.write_bytes(to_bytes(doc, "docx"))
    assert main(["read", str(src), "--max-unzipped-mb", "1"]) == 2
    assert "解压后超过 1 MB 上限" in capsys.readouterr().err
    assert main(["read", str(src), "--max-tables", "3"]) == 2
    assert "表格过多" in capsys.readouterr().err
    assert main(["read", str(src)]) == 0


def test_a_bad_limit_is_one_line(seed_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "lots")
    assert main(["read", str(seed_path)]) == 2
    assert "JIXIAO_MAX_FILE_MB" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["read", str(seed_path), "--max-rows", "0"])
