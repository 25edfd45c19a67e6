"""``jixiao backup`` then ``jixiao restore`` into an empty data directory gives the same data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def fresh_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path / "data")
    env.pop("JIXIAO_SECRET_KEY", None)
    return env


def jixiao(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


#: Prints a hash of every document's JSON and text export, one line per document.
EXPORTS = """
import hashlib, json
from jixiao.web.bootstrap import setup
setup()
from jixiao.core.formats import to_bytes
from jixiao.web.goals.mapping import document_from_db
from jixiao.web.goals.models import GoalDocument
out = {}
for d in GoalDocument.objects.order_by("id"):
    doc = document_from_db(d)
    out[d.pk] = [hashlib.sha256(to_bytes(doc, f)).hexdigest() for f in ("json", "text")]
print(json.dumps(out))
"""


def _exports(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", EXPORTS], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_backup_then_restore_into_an_empty_directory_gives_the_same_exports(tmp_path, seed_path):
    env = fresh_env(tmp_path)
    assert jixiao(["import", str(seed_path)], env).returncode == 0
    made = jixiao(
        ["createuser", "wang", "--role", "auditor", "--password-stdin"], env, "Wang-passw0rd-1\n"
    )
    assert made.returncode == 0, made.stderr
    before = _exports(env)
    assert len(before) == 1

    backup_file = tmp_path / "jixiao-backup.sqlite3"
    done = jixiao(["backup", "-o", str(backup_file)], env)
    assert done.returncode == 0, done.stderr
    assert "已备份到" in done.stdout
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data" / "jixiao.sqlite3").stat().st_mode & 0o077 == 0
    assert (tmp_path / "data").stat().st_mode & 0o077 == 0

    # A second backup to the same file is refused (never overwritten).
    again = jixiao(["backup", "-o", str(backup_file)], env)
    assert again.returncode == 2 and "已存在" in again.stderr

    # Restoring over the live data directory is refused.
    busy = jixiao(["restore", str(backup_file)], env)
    assert busy.returncode == 2 and "不是空的" in busy.stderr

    restored_env = dict(env, JIXIAO_DATA_DIR=str(tmp_path / "restored"))
    done = jixiao(["restore", str(backup_file)], restored_env)
    assert done.returncode == 0, done.stderr
    assert "与备份一致" in done.stdout and "哈希链校验通过" in done.stdout
    assert (tmp_path / "restored" / "jixiao.sqlite3").stat().st_mode & 0o777 == 0o600
    assert _exports(restored_env) == before
    verified = jixiao(["audit", "verify"], restored_env)
    assert verified.returncode == 0 and "校验通过" in verified.stdout

    # After a direct SQL edit of one audit row the restored log fails and names the row.
    with sqlite3.connect(tmp_path / "restored" / "jixiao.sqlite3") as db:
        row = db.execute("SELECT id FROM audit_auditentry WHERE action = 'user.create'").fetchone()
        db.execute("UPDATE audit_auditentry SET object_repr = 'x' WHERE id = ?", row)
    broken = jixiao(["audit", "verify"], restored_env)
    assert broken.returncode == 1 and f"审计记录 #{row[0]} 的内容已被修改" in broken.stderr


def test_a_damaged_backup_is_refused_and_leaves_the_directory_empty(tmp_path, seed_path):
    env = fresh_env(tmp_path)
    assert jixiao(["import", str(seed_path)], env).returncode == 0
    backup_file = tmp_path / "b.sqlite3"
    assert jixiao(["backup", "-o", str(backup_file)], env).returncode == 0
    with sqlite3.connect(backup_file) as db:  # rows lost after the backup was taken
        db.execute(
            "DELETE FROM goals_indicator WHERE id IN (SELECT id FROM goals_indicator LIMIT 3)"
        )
    target = tmp_path / "restored"
    done = jixiao(["restore", str(backup_file)], dict(env, JIXIAO_DATA_DIR=str(target)))
    assert done.returncode == 2 and "备份时为" in done.stderr
    assert not (target / "jixiao.sqlite3").exists()

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello", encoding="utf-8")
    done = jixiao(["restore", str(not_a_backup)], dict(env, JIXIAO_DATA_DIR=str(target)))
    assert done.returncode == 2 and "不是 jixiao 的备份文件" in done.stderr
