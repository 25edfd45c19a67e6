"""Telling legacy Office files apart by the streams of their OLE2 compound document.

``Workbook``/``Book`` is an Excel 97–2003 workbook (.xls); ``WordDocument`` a Word 97–2003
or WPS document (.doc/.wps); ``EncryptionInfo`` a password-protected .docx/.xlsx.
"""

from __future__ import annotations

import io

from jixiao.core.errors import UnsupportedFileError

OLD_OFFICE = "这是旧版 Office 文件（.doc/.xls）或受密码保护的文件，请另存为 .docx 或 .xlsx 后再导入"


def stream_names(data: bytes) -> set[str]:
    """The names in the compound document's directory (empty when it cannot be read)."""
    from xlrd.compdoc import CompDoc

    try:
        doc = CompDoc(data, logfile=io.StringIO())
    except Exception:  # xlrd raises CompDocError and plain struct/index errors
        return set()
    return {d.name for d in getattr(doc, "dirlist", [])}


def ole_kind(data: bytes, name: str) -> str:
    names = stream_names(data)
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise UnsupportedFileError("文件受密码保护，请先取消密码再导入", file=name)
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "WordDocument" in names:
        return "doc"
    raise UnsupportedFileError(OLD_OFFICE, file=name)
