"""Generated documents as files: the format per unit and byte-for-byte stable output."""

from __future__ import annotations

import io
import re
import zipfile

from jixiao.core.formats import to_bytes
from jixiao.core.model import Document

#: Formats the generator writes, and their file extensions.
FORMATS: dict[str, str] = {"text": "txt", "docx": "docx", "xlsx": "xlsx"}

_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def file_name(doc: Document, fmt: str) -> str:
    return f"{doc.unit.code}-{doc.year}.{FORMATS[fmt]}"


def document_bytes(doc: Document, fmt: str) -> bytes:
    """``doc`` written as ``fmt``; the same document gives the same bytes on every run
    (zip entry times and the Office creation/modification stamps are fixed to 1 January
    of the document's year)."""
    data = to_bytes(doc, fmt)
    if fmt in ("docx", "xlsx"):
        data = _stable_zip(data, doc.year or 2000)
    return data


def _stable_zip(data: bytes, year: int) -> bytes:
    stamp = f"{year:04d}-01-01T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
