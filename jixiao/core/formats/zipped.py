"""Telling .docx from .xlsx by what the zip holds, and refusing zip bombs."""

from __future__ import annotations

import io
import zipfile

from jixiao.core.errors import UnsupportedFileError

#: Largest total uncompressed size accepted, and largest compression ratio.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnsupportedFileError(
            "文件已损坏：不是有效的 .docx/.xlsx（zip）文件", file=name
        ) from None
    total = sum(i.file_size for i in zf.infolist())
    packed = max(1, sum(i.compress_size for i in zf.infolist()))
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise UnsupportedFileError(
            f"文件解压后过大（{total // (1024 * 1024)} MB），疑似压缩炸弹，已拒绝", file=name
        )
    return zf


def zip_kind(data: bytes, name: str) -> str:
    zf = open_zip(data, name)
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        if "xl/vbaProject.bin" in names:
            raise UnsupportedFileError("这是含宏的工作簿（.xlsm），出于安全原因不予读取", file=name)
        return "xlsx"
    if "EncryptionInfo" in names:
        raise UnsupportedFileError("文件受密码保护，请先取消密码再导入", file=name)
    raise UnsupportedFileError("这个 zip 文件既不是 .docx 也不是 .xlsx", file=name)
