"""Word 97–2003 and WPS documents (.doc/.wps): converted to .docx by LibreOffice, then read.

LibreOffice runs headless in a temporary directory (its own profile there, so it neither
needs nor touches a user's), with a time limit. Without LibreOffice the user is told how to
convert the file themselves.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.model import Document

#: Seconds LibreOffice may take to convert one document.
CONVERT_TIMEOUT = 120
PROGRAMS = ("soffice", "libreoffice")


def office_program() -> str | None:
    for program in PROGRAMS:
        path = shutil.which(program)
        if path:
            return path
    return None


def convert_to_docx(data: bytes, name: str) -> bytes:
    program = office_program()
    if program is None:
        raise UnsupportedFileError(
            "这是旧版 Word/WPS 文档（.doc/.wps），本机没有安装 LibreOffice，无法自动转换；"
            "请用 Word 或 WPS 打开后“另存为” .docx 再导入",
            file=name,
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=CONVERT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReadError(
                f"LibreOffice 转换超时（超过 {CONVERT_TIMEOUT} 秒）；请用 Word 或 WPS 另存为 .docx 再导入",
                file=name,
            ) from None
        except OSError as e:
            raise ReadError(f"无法启动 LibreOffice（{e.strerror}）", file=name) from None
        out = Path(tmp) / "input.docx"
        if not out.is_file():
            raise ReadError(
                "LibreOffice 未能转换这个文件（文件可能已损坏）；请用 Word 或 WPS 另存为 .docx 再导入",
                file=name,
            )
        return out.read_bytes()


def read_bytes(data: bytes, name: str) -> Document:
    from jixiao.core.formats import docx_io

    return docx_io.read_bytes(convert_to_docx(data, name), name)
