"""Readers and writers of goal documents, one module per format, picked by content.

Each reader module has ``read_bytes(data: bytes, name: str) -> Document``; each writer
module has ``write_bytes(doc: Document) -> bytes``. Modules are imported lazily, so reading
a text file never imports python-docx, openpyxl or reportlab.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Protocol, cast

from jixiao.core.errors import UnsupportedFileError, WriteError
from jixiao.core.files import open_failure, write_atomically
from jixiao.core.formats.overrides import LayoutOverride
from jixiao.core.formats.overrides import using as using_override
from jixiao.core.limits import Limits, check_count, current, megabytes
from jixiao.core.model import Document, Project

#: Largest input file accepted by default (bytes); `jixiao.core.limits` holds the bound
#: in force (``JIXIAO_MAX_FILE_MB``). Larger files are refused before parsing.
MAX_FILE_BYTES = Limits().file_bytes

READERS: dict[str, str] = {
    "text": "jixiao.core.formats.text_io",
    "json": "jixiao.core.formats.json_io",
    "docx": "jixiao.core.formats.docx_io",
    "xlsx": "jixiao.core.formats.xlsx_io",
    "pdf": "jixiao.core.formats.pdf_io",
    "xls": "jixiao.core.formats.xls_io",
    "doc": "jixiao.core.formats.doc_io",
}
WRITERS: dict[str, str] = {
    "text": "jixiao.core.formats.text_io",
    "json": "jixiao.core.formats.json_io",
    "docx": "jixiao.core.formats.docx_io",
    "xlsx": "jixiao.core.formats.xlsx_io",
    "pdf": "jixiao.core.formats.pdf_io",
}


class _Reader(Protocol):
    def read_bytes(self, data: bytes, name: str) -> Document: ...


class _Writer(Protocol):
    def write_bytes(self, doc: Document) -> bytes: ...


def sniff(data: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (the extension only breaks ties)."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        from jixiao.core.formats.zipped import zip_kind

        return zip_kind(data, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        from jixiao.core.formats.ole import ole_kind

        return ole_kind(data, name)
    if head.startswith(b"%PDF") or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return "pdf"  # the header may follow a few bytes of junk; then the trailer tells
    from jixiao.core.textcodec import is_utf16

    if is_utf16(data):
        return "text"  # UTF-16 is full of NUL bytes, yet text
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    if b"\x00" in data[:4096]:
        raise UnsupportedFileError("这是二进制文件，不是绩效目标文档", file=name)
    return "text"


def too_large(size: int, name: str, limits: Limits | None = None) -> UnsupportedFileError | None:
    """The error for a file of ``size`` bytes if that is over the limit in force (``limits``,
    else `current()`)."""
    limit = (limits or current()).file_bytes
    if size <= limit:
        return None
    return UnsupportedFileError(
        f"文件过大（{megabytes(size)}，上限 {megabytes(limit)}）", file=name
    )


#: Readers without the layout engine: a `LayoutOverride` only sets unit, year, money unit.
_FIXED_LAYOUT = ("text", "json")


def read_bytes(data: bytes, name: str, *, override: LayoutOverride | None = None) -> Document:
    """Read a goal document; ``override`` is a user's correction of how to read it."""
    return _read_bytes(data, name, override, current())


def _read_bytes(
    data: bytes, name: str, override: LayoutOverride | None, limits: Limits
) -> Document:
    if not data or data.isspace():  # what ``not data.strip()`` says, without a copy
        raise UnsupportedFileError("文件为空，没有任何内容", file=name)
    error = too_large(len(data), name, limits)
    if error:
        raise error
    fmt = sniff(data, name)
    module = cast(_Reader, importlib.import_module(READERS[fmt]))
    # A reader may also say which projects hold only plain values (the text reader does),
    # so that validation checks only what the reader could not.
    read_plain = getattr(module, "read_bytes_plain", None)
    plain: list[Project] = []
    with using_override(override):
        if read_plain is not None:
            doc, plain = read_plain(data, name)
        else:
            doc = module.read_bytes(data, name)
    if override and fmt in _FIXED_LAYOUT:
        doc = override.apply_fields(doc)  # the same projects: their texts do not change
    check_count("projects", len(doc.projects), name, limits)
    from jixiao.core.validation import check_document

    return check_document(doc, file=name, plain=plain)


def read(
    path: str | os.PathLike[str],
    *,
    override: LayoutOverride | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read a goal document from a file, whatever its format. ``limits``: the limits in
    force when the caller already holds them (a batch reads them once, not per file),
    else `current()`."""
    if limits is None:
        limits = current()  # the environment is read once per file
    return _read_bytes(input_bytes(path, limits), Path(path).name, override, limits)


def input_bytes(path: str | os.PathLike[str], limits: Limits | None = None) -> bytes:
    """The bytes of an input file, refused in one Chinese line when it is over the size
    limit (before reading it) or cannot be opened."""
    p = Path(path)
    try:
        error = too_large(p.stat().st_size, p.name, limits)
        if error:
            raise error
        return p.read_bytes()
    except OSError as e:
        raise open_failure(e, path) from None


def to_bytes(doc: Document, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise WriteError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(WRITERS)}")
    module = cast(_Writer, importlib.import_module(WRITERS[fmt]))
    return module.write_bytes(doc)


def write(doc: Document, path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write ``doc`` to ``path`` atomically: the file appears whole or not at all."""
    p = Path(path)
    fmt = fmt or p.suffix.lstrip(".").lower().replace("txt", "text")
    write_atomically(p, to_bytes(doc, fmt))
