"""Hostile zip files built byte by byte: lying sizes, damaged members, bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

CONTENT_TYPES = b'<?xml version="1.0"?><Types/>'
DOC_START = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


def patch_member(data: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The zip ``data`` (a .docx or .xlsx) with ``member``'s bytes passed through ``edit``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in zin.infolist():
            body = zin.read(info.filename)
            z.writestr(info.filename, edit(body) if info.filename == member else body)
    return out.getvalue()


def build_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip of ``(name, method, compressed bytes, crc, claimed size)`` entries, as written."""
    out = io.BytesIO()
    central = []
    for name, method, payload, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<4s2B4HL2L2H",
                b"PK\x03\x04",
                20,
                0,
                0,
                method,
                0,
                0x21,
                crc,
                len(payload),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded + payload)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                0,
                20,
                0,
                0,
                method,
                0,
                0x21,
                crc,
                len(payload),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0)
    )
    return out.getvalue()


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


def member(name: str, data: bytes) -> tuple[str, int, bytes, int, int]:
    """An honest deflated member."""
    return name, zipfile.ZIP_DEFLATED, deflate(data), zlib.crc32(data), len(data)


def lying_bomb(inflated_mib: int = 1024, claimed: int = 1000) -> bytes:
    """A .docx whose ``word/document.xml`` inflates to ``inflated_mib`` MiB of valid XML
    (empty paragraphs) while both headers claim ``claimed`` bytes.

    Built from one independently deflated 1 MiB block repeated, so it costs milliseconds.
    """
    para = b"<w:p/>"
    block = para * ((1 << 20) // len(para))
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = c.compress(DOC_START) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # final empty block
    payload = head + piece * inflated_mib + end
    return build_zip(
        [
            member("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", zipfile.ZIP_DEFLATED, payload, 0x12345678, claimed),
        ]
    )


def _docx_with(document: tuple[str, int, bytes, int, int]) -> bytes:
    return build_zip([member("[Content_Types].xml", CONTENT_TYPES), document])


def _document_xml() -> bytes:
    return DOC_START + b"<w:body><w:p/></w:body></w:document>"


def unknown_method() -> bytes:
    data = _document_xml()
    return _docx_with(("word/document.xml", 99, deflate(data), zlib.crc32(data), len(data)))


def bad_deflate() -> bytes:
    data = _document_xml() * 50
    packed = bytearray(deflate(data))
    packed[0] = 0xFF  # a reserved block type: invalid deflate data
    return _docx_with(
        ("word/document.xml", zipfile.ZIP_DEFLATED, bytes(packed), zlib.crc32(data), len(data))
    )


def bad_crc() -> bytes:
    data = _document_xml()
    crc = zlib.crc32(data) ^ 0xFFFF
    return _docx_with(("word/document.xml", zipfile.ZIP_DEFLATED, deflate(data), crc, len(data)))


def _bomb_payload(inflated_mib: int) -> bytes:
    para = b"<w:p/>"
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = c.compress(para * ((1 << 20) // len(para))) + c.flush(zlib.Z_FULL_FLUSH)
    return piece * inflated_mib + zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def damaged_workbook(workbook: bytes, how: str, prefix: str = "xl/worksheets/") -> bytes:
    """``workbook`` with its first member under ``prefix`` damaged: ``crc``, ``deflate``,
    ``method`` (unknown compression) or ``bomb`` (64 MiB inflated, 1,000 bytes claimed)."""
    src = zipfile.ZipFile(io.BytesIO(workbook))
    entries, done = [], False
    for info in src.infolist():
        name, method, payload, crc, size = member(info.filename, src.read(info.filename))
        if not done and name.startswith(prefix):
            done = True
            if how == "crc":
                crc ^= 0xFFFF
            elif how == "deflate":
                payload = b"\xff" + payload[1:]
            elif how == "method":
                method = 99
            elif how == "bomb":
                payload, size = _bomb_payload(64), 1000
        entries.append((name, method, payload, crc, size))
    return build_zip(entries)


def bad_crc_workbook(workbook: bytes) -> bytes:
    """``workbook`` with the CRC of its first worksheet wrong."""
    return damaged_workbook(workbook, "crc")
