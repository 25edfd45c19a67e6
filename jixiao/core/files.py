"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from jixiao.core.errors import WriteError

# The permissions a plainly created file would get (mkstemp's own are 0600).
_UMASK = os.umask(0)
os.umask(_UMASK)
_MODE = 0o666 & ~_UMASK


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place, so that a
    failure leaves no half-written file; the file gets the usual permissions."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".part")
    except OSError as e:
        raise WriteError(f"无法写入“{p}”（{e.strerror or e}）") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _MODE)
        os.replace(tmp, p)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"无法写入“{p}”（{e.strerror or e}）") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Characters no file system or browser accepts in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 150


def safe_filename(*parts: str | int | None, ext: str) -> str:
    """A download's file name from its parts (unit, year, what is inside), joined by ``-``:
    characters a file system refuses become ``_``, blanks collapse, empty parts are left
    out, and the stem is cut to `MAX_NAME` characters (the extension always kept)."""
    words = []
    for part in parts:
        text = " ".join(_UNSAFE.sub("_", str(part if part is not None else "")).split())
        text = text.strip(" ._")
        if text:
            words.append(text)
    stem = "-".join(words)[:MAX_NAME].rstrip(" .-") or "导出"
    return f"{stem}.{ext}"
