"""Decoding text files: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
mark (Notepad's and Word's "Unicode" text), else GB18030 (Chinese Windows' GBK and its
superset). The one rule for every text and CSV reader."""

from __future__ import annotations

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_utf16(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-16 byte-order mark."""
    return data[:2] in _UTF16_BOMS


def decode_text(data: bytes) -> str | None:
    """The text of ``data``, or None when it is in none of the encodings above."""
    if is_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None
