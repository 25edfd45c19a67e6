"""Settings from the environment, read by helpers that refuse ambiguous values."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean; anything other than 1/0, true/false, yes/no, on/off is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name}={raw!r} 不是布尔值（可用 1/0、true/false、yes/no、on/off）"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是整数") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """Where the SQLite file and the secret key live.

    ``JIXIAO_DATA_DIR`` if set, else ``$XDG_DATA_HOME/jixiao`` (``~/.local/share/jixiao``),
    so that the commands find the same database from any working directory.
    """
    raw = os.environ.get("JIXIAO_DATA_DIR", "").strip()
    if raw:
        return Path(raw).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return (base / "jixiao").resolve()


def secret_key(directory: Path) -> str:
    """``JIXIAO_SECRET_KEY``, else a random key kept in ``<data dir>/secret_key``."""
    key = os.environ.get("JIXIAO_SECRET_KEY", "").strip()
    if key:
        return key
    path = directory / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    import secrets

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    return key


def private_file(path: Path) -> Path:
    """``path``, created empty with mode 0600 (its directory 0700) when it does not exist."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path
