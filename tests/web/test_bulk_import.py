"""`jixiao import DIR|FILE…`: many documents, atomic per document, resumable after a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path / "data")
    return env


def _jixiao(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _counts(tmp_path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(tmp_path / "data" / "jixiao.sqlite3") as db:
        return db.execute(
            "select d.unit_code_text, count(p.id) from goals_goaldocument d "
            "left join goals_project p on p.document_id = d.id group by d.id order by 1"
        ).fetchall()


def test_a_directory_imports_each_document_atomically_and_reports(tmp_path):
    env = _env(tmp_path)
    docs = tmp_path / "docs"
    done = _jixiao(
        ["generate", "--units", "4", "--projects-per-unit", "3", "--seed", "2", "--to", str(docs)],
        env,
    )
    assert done.returncode == 0, done.stderr
    (docs / "zz-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    run = _jixiao(["import", str(docs), "--format", "json", "--jobs", "2"], env)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["counts"] == {"imported": 4, "skipped": 0, "failed": 1}
    assert report["projects"] == 12
    failed = [f for f in report["files"] if f["result"] == "failed"]
    assert failed[0]["file"].endswith("zz-broken.docx") and failed[0]["message"]
    assert all(f["review_score"] is not None for f in report["files"] if f["result"] == "imported")
    assert [n for _, n in _counts(tmp_path)] == [3, 3, 3, 3]
    again = _jixiao(["import", str(docs)], env)
    assert again.returncode == 1
    assert "已导入 0 份（0 个项目），跳过 4 份，失败 1 份" in again.stdout
    assert "单位" in again.stdout.splitlines()[0]  # the summary table's header


def test_a_killed_import_resumes_without_half_documents(tmp_path):
    env = _env(tmp_path)
    env["JIXIAO_BULK_BATCH"] = "50"  # two documents per transaction
    docs = tmp_path / "docs"
    units, per_unit = 30, 25
    _jixiao(
        [
            "generate",
            "--units",
            str(units),
            "--projects-per-unit",
            str(per_unit),
            "--formats",
            "text",
            "--to",
            str(docs),
        ],
        env,
    )
    _jixiao(["import", str(docs / "100000-2024.txt")], env)  # creates and migrates the database
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "import", str(docs), "--jobs", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_counts(tmp_path)) < 4:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _counts(tmp_path)
    assert all(n == per_unit for _, n in partial), partial  # never half a document
    assert len(partial) < units
    resumed = _jixiao(["import", str(docs), "--format", "json"], env)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    counts = json.loads(resumed.stdout)["counts"]
    assert counts["skipped"] == len(partial) and counts["imported"] == units - len(partial)
    final = _counts(tmp_path)
    assert len(final) == units and all(n == per_unit for _, n in final)


def test_one_file_keeps_its_one_line_contract(tmp_path, seed_path):
    env = _env(tmp_path)
    done = _jixiao(["import", str(seed_path)], env)
    assert done.returncode == 0
    assert done.stdout.startswith("已导入：314003")
    missing = _jixiao(["import", str(tmp_path / "nope")], env)
    assert missing.returncode == 2
    assert missing.stderr.startswith("错误：") and len(missing.stderr.strip().splitlines()) == 1
