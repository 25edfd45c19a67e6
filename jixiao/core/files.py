"""Writing output files whole or not at all."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from jixiao.core.errors import ReadError, WriteError

# The permissions a plainly created file would get (mkstemp's own are 0600).
_UMASK = os.umask(0)
os.umask(_UMASK)
_MODE = 0o666 & ~_UMASK


#: What an input file that cannot be opened is told in Chinese, by ``errno`` (the system's
#: own ``strerror`` is English).
_OPEN_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名过长",
}


def open_failure(e: OSError, path: str | os.PathLike[str]) -> ReadError:
    """The one-line Chinese error for an input file ``path`` that could not be opened or read."""
    reason = _OPEN_REASONS.get(e.errno or 0) or e.strerror or str(e)
    return ReadError(f"无法打开文件（{reason}）", file=str(path))


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


#: Characters a file name may not hold on Windows, macOS or Linux, and path separators.
_UNSAFE_IN_NAMES = set('/\\:*?"<>|')
#: Longest file name produced (characters; a name of 255 bytes holds 85 CJK characters).
MAX_NAME_CHARS = 80


def _clean_part(name: str) -> str:
    import unicodedata

    chars = []
    for ch in unicodedata.normalize("NFC", name):
        if ch in _UNSAFE_IN_NAMES:
            chars.append("_")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            continue
        else:
            chars.append(" " if ch.isspace() else ch)
    text = "".join(chars)
    while ".." in text:
        text = text.replace("..", ".")
    return " ".join(text.split()).strip(" ._")


def safe_filename(
    *parts: str | int | None, ext: str | None = None, suffix: str = "", limit: int = MAX_NAME_CHARS
) -> str:
    """A download file name or archive entry from ``parts`` taken from documents (a unit's
    name, a year, what is inside), joined by ``-``: no path separators or ``..``, no control
    or invisible format characters, no leading dots, empty parts left out, at most ``limit``
    characters; the extension (``ext="docx"`` or ``suffix=".docx"``) is kept whole. An empty
    result becomes ``导出``."""
    suffix = f".{ext}" if ext else suffix
    words = [w for w in (_clean_part("" if p is None else str(p)) for p in parts) if w]
    stem = "-".join(words) or "导出"
    return stem[: max(1, limit - len(suffix))].rstrip(" .-") + suffix
