"""Backup and restore of the whole database (``jixiao backup`` / ``jixiao restore``).

SQLite: the online backup API copies a consistent snapshot while the server runs; a table
``jixiao_backup_manifest`` added to the copy records each table's row count and the audit
chain's head, which `restore` checks after copying the file into an empty data directory.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` into an empty database, checked
the same way (the manifest travels beside the dump as ``FILE.manifest.json``).
Every file written is created 0600.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.core.errors import JixiaoError

MANIFEST_TABLE = "jixiao_backup_manifest"


class BackupError(JixiaoError):
    pass


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    audit_entries: int


def _create_private(path: Path) -> None:
    if path.exists():
        raise BackupError(f"{path} 已存在，不覆盖；请换一个文件名")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            f" AND name != '{MANIFEST_TABLE}' ORDER BY name"
        )
    ]
    return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def _audit_head(db: sqlite3.Connection) -> list[Any]:
    row = db.execute("SELECT last_id, last_hash FROM audit_audithead WHERE id = 1").fetchone()
    return list(row) if row else [0, ""]


def _is_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def backup(target: Path) -> dict[str, int]:
    """Copy the database to ``target`` (a new file); returns the row count of each table."""
    from django.db import connection

    _create_private(target)
    try:
        if not _is_sqlite():
            return _pg_backup(target)
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
            counts = _counts(copy)
            copy.execute(f"CREATE TABLE {MANIFEST_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
            copy.executemany(
                f"INSERT INTO {MANIFEST_TABLE} VALUES (?, ?)",
                [("counts", json.dumps(counts)), ("audit_head", json.dumps(_audit_head(copy)))],
            )
        copy.close()
        return counts
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def check_empty(directory: Path) -> None:
    """Refuse a data directory that already holds anything but an empty database file."""
    if not directory.exists():
        return
    if not directory.is_dir():
        raise BackupError(f"{directory} 不是目录")
    for entry in directory.iterdir():
        # Starting Django leaves a secret key and an empty database file: still empty.
        if entry.name == "secret_key":
            continue
        if entry.name.startswith("jixiao.sqlite3") and entry.stat().st_size == 0:
            continue
        raise BackupError(
            f"数据目录 {directory} 不是空的（有 {entry.name}），只能恢复到空的数据目录"
        )


def restore(source: Path, data_dir: Path) -> Restored:
    """Copy the backup ``source`` into the (empty) data directory and verify it."""
    if not source.is_file():
        raise BackupError(f"备份文件 {source} 不存在")
    if not _is_sqlite():
        return _pg_restore(source)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            manifest = dict(src.execute(f"SELECT key, value FROM {MANIFEST_TABLE}").fetchall())
    except sqlite3.DatabaseError:
        raise BackupError(f"{source} 不是 jixiao 的备份文件") from None
    target = data_dir / "jixiao.sqlite3"
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with (
            sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
            sqlite3.connect(target) as dst,
        ):
            src.backup(dst)
            dst.execute(f"DROP TABLE {MANIFEST_TABLE}")
            counts = _counts(dst)
            head = _audit_head(dst)
        dst.close()
        expected = json.loads(manifest["counts"])
        _compare(expected, counts)
        if head != json.loads(manifest["audit_head"]):
            raise BackupError("恢复后的审计日志链尾与备份时不一致")
        return _verify_audit(counts)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise


def _compare(expected: dict[str, int], counts: dict[str, int]) -> None:
    for table, n in expected.items():
        if counts.get(table) != n:
            raise BackupError(f"恢复后表 {table} 有 {counts.get(table)} 行，备份时为 {n} 行")


def _verify_audit(counts: dict[str, int]) -> Restored:
    from django.db import connection

    from jixiao.web.audit.log import verify_chain

    connection.close()  # the next query opens the restored file
    verdict = verify_chain()
    if not verdict.intact:
        assert verdict.first_break is not None
        raise BackupError(f"恢复后审计日志校验失败：{verdict.first_break.message}")
    return Restored(len(counts), sum(counts.values()), verdict.checked)


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` arguments naming the database: libpq reads the same
    ``DATABASE_URL`` (host, port, user, password, socket directory) as the server does."""
    from jixiao.web.env import env_str

    return ["--dbname", env_str("DATABASE_URL").strip()], dict(os.environ)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端")
    return found


def _pg_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        out = {}
        for t in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{t}"')
            out[t] = cursor.fetchone()[0]
    return out


def _pg_backup(target: Path) -> dict[str, int]:
    args, env = _pg_env()
    counts = _pg_counts()
    done = subprocess.run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失败：{done.stderr.strip().splitlines()[-1:]}")
    manifest = Path(f"{target}.manifest.json")
    _create_private(manifest)
    manifest.write_text(json.dumps({"counts": counts}), encoding="utf-8")
    return counts


def _pg_restore(source: Path) -> Restored:
    if _pg_counts():
        raise BackupError("数据库不是空的，只能恢复到空的数据库")
    args, env = _pg_env()
    done = subprocess.run(
        [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", *args, str(source)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败：{done.stderr.strip().splitlines()[-1:]}")
    counts = _pg_counts()
    manifest = Path(f"{source}.manifest.json")
    if manifest.is_file():
        _compare(json.loads(manifest.read_text(encoding="utf-8"))["counts"], counts)
    return _verify_audit(counts)
