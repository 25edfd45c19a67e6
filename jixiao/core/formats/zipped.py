"""Zip containers (.docx, .xlsx) read safely: what the zip holds, and its members inflated
by streaming under a running byte budget.

The sizes a zip's headers state are never trusted: a member is inflated chunk by chunk,
every byte counted against `Limits.unzipped_bytes` (all members of the file together) and
against `Limits.zip_ratio`, then its CRC and real size are checked. Every zip, zlib and XML
error becomes a `ReadError` (one Chinese line). Readers use:

- `SafeZip(data, name)`: ``names``, ``chunks(member)`` (streaming), ``read(member)``,
  ``parse_xml(member)`` (lxml, no entities, no network, no huge trees);
- `open_zip(data, name)`: a `zipfile.ZipFile` whose every member has been checked this way,
  safe to hand to a library (openpyxl) that reads members with header-trusting code.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.limits import MIB, Limits, current, megabytes

#: Bytes inflated per step; memory held by one member's stream stays around this size.
CHUNK = 64 * 1024
#: A member's ratio is checked only once it has inflated past this many bytes.
RATIO_FLOOR = MIB

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_DAMAGED = "文件已损坏"


def _damaged(name: str, member: str, why: str) -> ReadError:
    return ReadError(f"{_DAMAGED}：压缩包中的“{member}”{why}", file=name)


class SafeZip:
    """A zip file read member by member under one byte budget (see the module docstring)."""

    def __init__(self, data: bytes, name: str, limits: Limits | None = None) -> None:
        self.data = data
        self.name = name
        self.limits = limits or current()
        #: Bytes inflated so far from all members (the budget's running total).
        self.inflated = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.zip.infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            EOFError,
            OSError,
            ValueError,
            IndexError,
            struct.error,
        ):
            raise UnsupportedFileError(
                f"{_DAMAGED}：不是有效的 .docx/.xlsx（zip）文件", file=name
            ) from None
        if len(self.infos) > self.limits.zip_members:
            raise ReadError(
                f"压缩包内文件过多（{len(self.infos)} 个，上限 {self.limits.zip_members} 个），已拒绝",
                file=name,
            )
        self.names = {i.filename for i in self.infos}

    # -- members -------------------------------------------------------------------------
    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        """The member's compressed bytes, located from its local header."""
        start = info.header_offset
        header = self.data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            raise _damaged(self.name, info.filename, "的文件头不完整")
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != b"PK\x03\x04":
            raise _damaged(self.name, info.filename, "的文件头无效")
        begin = start + _LOCAL_HEADER.size + fields[10] + fields[11]
        raw = self.data[begin : begin + info.compress_size]
        if len(raw) < info.compress_size:
            raise _damaged(self.name, info.filename, "的数据不完整（文件被截断）")
        return raw

    def _count(self, info: zipfile.ZipInfo, produced: int) -> None:
        if self.inflated > self.limits.unzipped_bytes:
            raise ReadError(
                f"文件解压后超过 {megabytes(self.limits.unzipped_bytes)} 上限，"
                "疑似压缩炸弹，已拒绝",
                file=self.name,
            )
        if produced > RATIO_FLOOR and produced > self.limits.zip_ratio * max(1, info.compress_size):
            raise ReadError(
                f"压缩包中的“{info.filename}”压缩比超过 {self.limits.zip_ratio} 倍，"
                "疑似压缩炸弹，已拒绝",
                file=self.name,
            )

    def chunks(self, member: str) -> Iterator[bytes]:
        """The member's bytes, inflated a chunk at a time and checked (budget, CRC, size)."""
        try:
            info = self.zip.getinfo(member)
        except KeyError:
            raise ReadError(f"压缩包中缺少“{member}”", file=self.name) from None
        if info.flag_bits & 0x1:
            raise UnsupportedFileError("文件受密码保护，请先取消密码再导入", file=self.name)
        raw = self._raw(info)
        produced = crc = 0
        if info.compress_type == zipfile.ZIP_STORED:
            pieces: Iterator[bytes] = (raw[i : i + CHUNK] for i in range(0, len(raw), CHUNK))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            pieces = self._inflate(info, raw)
        else:
            raise _damaged(
                self.name, member, f"使用了不支持的压缩方式（编号 {info.compress_type}）"
            )
        for piece in pieces:
            produced += len(piece)
            self.inflated += len(piece)
            self._count(info, produced)
            crc = zlib.crc32(piece, crc)
            yield piece
        if crc != info.CRC:
            raise _damaged(self.name, member, "校验和（CRC）不符")
        if produced != info.file_size:
            raise _damaged(self.name, member, "的实际大小与目录记录不符")

    def _inflate(self, info: zipfile.ZipInfo, raw: bytes) -> Iterator[bytes]:
        d = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            for i in range(0, len(raw), CHUNK):
                buf = raw[i : i + CHUNK]
                while buf and not d.eof:
                    out = d.decompress(buf, CHUNK)
                    buf = d.unconsumed_tail
                    if out:
                        yield out
                if d.eof:
                    break
            while not d.eof:  # output zlib still holds after the last input byte
                out = d.decompress(b"", CHUNK)
                if not out:
                    break
                yield out
        except zlib.error:
            raise _damaged(self.name, info.filename, "的压缩数据无效") from None
        if not d.eof:
            raise _damaged(self.name, info.filename, "的压缩数据不完整")

    def read(self, member: str) -> bytes:
        """The whole member (within the budget)."""
        return b"".join(self.chunks(member))

    def verify(self) -> None:
        """Inflate every member once, discarding the bytes: all within budget and intact."""
        for info in self.infos:
            if not info.is_dir():
                for _ in self.chunks(info.filename):
                    pass

    def parse_xml(self, member: str, what: str = "文档") -> Any:
        """The member parsed by lxml as it inflates (no entities, no DTD, no network)."""
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
        )
        limit, elements = self.limits.xml_elements, 0
        try:
            for piece in self.chunks(member):
                # A tree costs far more memory than its bytes: bound it before building it.
                # Start tags (and comments, PIs) are the "<" not followed by "/".
                elements += piece.count(b"<") - piece.count(b"</")
                if elements > limit:
                    raise ReadError(
                        f"“{member}”中的 XML 元素超过 {limit} 个上限，已拒绝", file=self.name
                    )
                parser.feed(piece)
            return parser.close()
        except etree.Error as e:
            detail = " ".join(str(e).split())
            raise ReadError(f"{what}内容已损坏（{detail}）", file=self.name) from None

    # -- what the zip is -----------------------------------------------------------------
    def kind(self) -> str:
        names = self.names
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            if "xl/vbaProject.bin" in names:
                raise UnsupportedFileError(
                    "这是含宏的工作簿（.xlsm），出于安全原因不予读取", file=self.name
                )
            return "xlsx"
        if "EncryptionInfo" in names:
            raise UnsupportedFileError("文件受密码保护，请先取消密码再导入", file=self.name)
        raise UnsupportedFileError("这个 zip 文件既不是 .docx 也不是 .xlsx", file=self.name)


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip with every member already inflated under the budget and found intact."""
    safe = SafeZip(data, name)
    safe.verify()
    return safe.zip


def zip_kind(data: bytes, name: str) -> str:
    """``docx`` or ``xlsx`` from the member names (nothing is inflated)."""
    return SafeZip(data, name).kind()
