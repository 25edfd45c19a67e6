"""Settings come from the environment; ambiguous values stop the start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jixiao.web import env


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("", False),
        ("Off", False),
    ],
)
def test_booleans_are_read_strictly(monkeypatch, raw, value):
    monkeypatch.setenv("JIXIAO_X", raw)
    assert env.env_bool("JIXIAO_X") is value


@pytest.mark.parametrize("raw", ["2", "maybe", "真", "tru"])
def test_an_ambiguous_boolean_stops_the_start_up(monkeypatch, raw):
    monkeypatch.setenv("JIXIAO_X", raw)
    with pytest.raises(ImproperlyConfigured, match="不是布尔值"):
        env.env_bool("JIXIAO_X")


def test_a_bad_integer_stops_the_start_up(monkeypatch):
    monkeypatch.setenv("JIXIAO_X", "fifty")
    with pytest.raises(ImproperlyConfigured, match="不是整数"):
        env.env_int("JIXIAO_X", 50)


def test_the_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path / "d"))
    assert env.data_dir() == tmp_path / "d"
    monkeypatch.delenv("JIXIAO_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert env.data_dir() == tmp_path / "xdg" / "jixiao"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert env.data_dir() == Path.home() / ".local" / "share" / "jixiao"


def test_the_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("JIXIAO_SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path / "data")
    assert len(first) > 40
    assert env.secret_key(tmp_path / "data") == first
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("JIXIAO_SECRET_KEY", "from-env")
    assert env.secret_key(tmp_path / "data") == "from-env"


def test_database_url_selects_postgresql_else_sqlite_in_wal_mode(monkeypatch):
    from jixiao.web import settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@/jixiao?host=/tmp/pg&port=54329")
    db = settings._databases()["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["OPTIONS"]) == ("jixiao", {"host": "/tmp/pg", "port": 54329})
    monkeypatch.delenv("DATABASE_URL")
    db = settings._databases()["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == settings.DATA_DIR / "jixiao.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_language_and_time_zone():
    from django.conf import settings

    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE) == ("zh-hans", "Asia/Shanghai")
