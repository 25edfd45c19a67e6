"""The exceptions of jixiao's core. Messages are in Chinese, for users.

    JixiaoError
     ├── ReadError          a file cannot be read as a goal document (exit status 2)
     │    └── UnsupportedFileError   not a format we read (binary, empty, unknown)
     └── WriteError         an output cannot be written (nothing is left behind)

A `ReadError` names the file and, where known, the place (``第 12 行`` or
``工作表“项目1” 单元格 B3``). Errors from libraries (zip, XML, openpyxl…) are caught at the
format boundary and re-raised as these; nothing else should reach the user.
"""

from __future__ import annotations


class JixiaoError(Exception):
    """Base class of every error jixiao reports to a user."""


class ReadError(JixiaoError):
    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        place: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.place = place

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"文件“{self.file}”")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.place:
            parts.append(self.place)
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message


class UnsupportedFileError(ReadError):
    """The file is not in any format jixiao reads."""


class WriteError(JixiaoError):
    pass
