"""Row-oriented input tables (CSV or the first sheet of an .xlsx) with synonym headers.

Monitoring and self-evaluation read small record files (payments, actual values, budget
figures) that users export from finance systems or type in Excel. This module turns either
format into `Row`s keyed by field name, so each reader only states its columns and parses
cells. Problems become a `ReadError` naming the file and the line (the sheet row for xlsx).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from jixiao.core.amounts import parse_amount, to_amount
from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.limits import check_count, current
from jixiao.core.textcodec import drop_unwanted

#: A cell as read: text from CSV; text, number, date/datetime or None from xlsx.
Cell = object


#: How many non-blank rows may precede the header row.
HEADER_SEARCH = 5
#: Columns of a sheet read (a payments or library sheet has about ten); cells further right
#: are ignored, so a row claiming column XFD costs no more than one of ten cells.
MAX_COLUMNS = 256


class Row:
    """One data row: its line (sheet row for xlsx) and its cells, looked up by field."""

    __slots__ = ("index", "line", "values")

    def __init__(self, line: int, values: Sequence[Cell], index: dict[str, int]) -> None:
        self.line, self.values, self.index = line, values, index

    def get(self, field: str) -> Cell:
        i = self.index.get(field)
        return self.values[i] if i is not None and i < len(self.values) else None

    @property
    def cells(self) -> dict[str, Cell]:
        return {f: self.get(f) for f in self.index}


def _key(header: object) -> str:
    text = "" if header is None else str(header)
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def read_rows(
    data: bytes,
    name: str,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
) -> Iterator[Row]:
    """Yield the data rows of ``data`` (CSV or xlsx) as `Row`s.

    ``columns`` maps a field name to its accepted headers (matched ignoring case, spaces and
    full-width forms); ``required`` fields must have a column. The header is the first row
    that has them all, within the first `HEADER_SEARCH` non-blank rows (exports often put a
    title or the unit's name above it). Blank rows are skipped.
    """
    raw_rows = _xlsx_rows(data, name) if data[:4] == b"PK\x03\x04" else _csv_rows(data, name)
    lookup = {_key(h): field for field, names in columns.items() for h in (field, *names)}
    header: dict[str, int] | None = None
    first: tuple[int, list[str]] | None = None  # the first row's line and missing fields
    seen = 0
    for line, values in raw_rows:
        if header is not None:
            yield Row(line, values, header)
            continue
        candidate: dict[str, int] = {}
        for i, v in enumerate(values):
            candidate.setdefault(lookup.get(_key(v), ""), i)
        candidate.pop("", None)
        missing = [f for f in required if f not in candidate]
        if not missing:
            header = candidate
            continue
        first = first or (line, missing)
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    if header is None:
        if first is None:
            raise UnsupportedFileError("文件为空，没有表头", file=name)
        wanted = "、".join("/".join(columns[f][:2]) for f in first[1])
        raise ReadError(f"表头缺少列：{wanted}", file=name, line=first[0])


def _csv_rows(data: bytes, name: str) -> Iterator[tuple[int, Sequence[Cell]]]:
    from jixiao.core.textcodec import decode_text

    # Excel on Chinese Windows saves CSV in GBK, "Unicode text" in UTF-16.
    text = decode_text(data)
    if text is None:
        raise UnsupportedFileError("不是 UTF-8、UTF-16 或 GBK 编码的 CSV 文件", file=name)
    if "\x00" in text:
        raise UnsupportedFileError("不是 CSV 文本文件", file=name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            if "".join(values).strip():  # blank rows (",,,") are skipped
                yield reader.line_num, values
    except csv.Error as e:
        raise ReadError(f"CSV 格式错误（{e}）", file=name, line=reader.line_num) from None


def _xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, Sequence[Cell]]]:
    from openpyxl import load_workbook

    from jixiao.core.formats.zipped import open_zip

    open_zip(data, name)  # every member inflated under the byte budget and CRC-checked
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on damaged workbooks
        raise UnsupportedFileError(
            f"无法读取 Excel 文件（{type(e).__name__}）", file=name
        ) from None
    limit = current().rows
    try:
        sheet = book.worksheets[0]
        # The sheet's declared size (``A1:XFD1048576`` in a 5 KB file) is not trusted: with
        # it, openpyxl pads every row, blank ones included, to the declared width.
        sheet.reset_dimensions()
        # max_col: a row with a cell at XFD would otherwise be padded to 16,384 values.
        rows = enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        while True:
            try:  # read-only sheets are parsed lazily: damaged XML fails here
                number, row = next(rows)
            except StopIteration:
                break
            except Exception as e:
                raise ReadError(f"Excel 工作表已损坏（{type(e).__name__}）", file=name) from None
            if number > limit:  # blank rows count: a cell at row 1,048,576 is refused here
                check_count("rows", number, name)
            values = list(row[:MAX_COLUMNS])
            if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                yield number, values
    finally:
        book.close()


# -- cells ------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def cell_text(value: Cell) -> str:
    """The cell as stripped text ('' for blank), without invisible or control characters
    (`textcodec.drop_unwanted`); whole floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return drop_unwanted(str(value)).strip()


def cell_date(value: Cell) -> datetime.date:
    """A date cell: an xlsx date, ``2022-03-31``, ``2022/3/31``, ``2022年3月31日``, ``20220331``.

    Raises ``ValueError`` with a Chinese message.
    """
    if type(value) is str and len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass  # the general path below gives the message
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    m = _DATE.match(text) or _COMPACT_DATE.match(text)
    if m:
        try:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValueError(f"日期“{text}”无法识别（应为 YYYY-MM-DD）")


def cell_decimal(value: Cell) -> Decimal | None:
    """A number cell as exact `Decimal` (``"1,234.50"``, ``"￥12"``, an xlsx number); blank → None.

    Read by the one amount parser (`jixiao.core.amounts`), bounds included. Raises
    ``ValueError`` with a Chinese message.
    """
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return to_amount(value)
    return parse_amount(cell_text(value).replace("¥", "￥"))
