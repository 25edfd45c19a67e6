"""The sheets of an .xlsx read straight from its XML, streaming, without openpyxl.

openpyxl builds a cell object with a style for every cell of every sheet; a goal workbook
needs only each cell's value and number format and the merged ranges. The parts read:
``xl/workbook.xml`` and its relationships (sheet names, order and files),
``xl/sharedStrings.xml`` (texts), ``xl/styles.xml`` (``cellXfs`` → number formats), then each
worksheet with ``iterparse``, clearing elements as it goes. Values become text exactly as
openpyxl would give them to `xlsx_io.number_text`: numbers with a ``.``/``E`` as floats,
others as integers, serial numbers under a date format as dates, booleans as booleans.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from jixiao.core.formats.sheets import Sheet, clean

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_C, _V, _IS, _T, _SI = f"{_NS}c", f"{_NS}v", f"{_NS}is", f"{_NS}t", f"{_NS}si"
_RPH, _MERGE, _ROW = f"{_NS}rPh", f"{_NS}mergeCell", f"{_NS}row"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_DATE_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')

#: The number formats Excel knows by id (ECMA-376 §18.8.30), as openpyxl lists them.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}


def is_date_format(fmt: str | None) -> bool:
    """Whether a number format shows a date or time (its unquoted part has d, m, y, h or s)."""
    if not fmt or fmt == "General":
        return False
    section = _DATE_QUOTED.sub("", fmt.split(";")[0])
    return any(ch in section for ch in "dmyhsDMYHS") and "General" not in section


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _iterparse(zf: zipfile.ZipFile, part: str, tag: tuple[str, ...]) -> Iterator[Any]:
    from lxml import etree

    with zf.open(part) as f:
        context = etree.iterparse(
            f, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False
        )
        for _, el in context:
            yield el


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part name), for the part ``part``."""
    from lxml import etree

    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    if rels_part not in zf.NameToInfo:
        return {}
    root = etree.fromstring(zf.read(rels_part), _parser())
    out = {}
    for rel in root.iter(_PKG_REL):
        target = rel.get("Target", "")
        kind = rel.get("Type", "").rpartition("/")[2]
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (kind, posixpath.normpath(path))
    return out


def _shared_strings(zf: zipfile.ZipFile, part: str) -> list[str]:
    if part not in zf.NameToInfo:
        return []
    out = []
    for si in _iterparse(zf, part, (_SI,)):
        # Phonetic runs (rPh) are readings, not text.
        out.append("".join(t.text or "" for t in si.iter(_T) if t.getparent().tag != _RPH))
        si.clear()
    return out


def _number_formats(zf: zipfile.ZipFile, part: str) -> list[str | None]:
    """Per ``cellXfs`` index (a cell's ``s``), its number format code."""
    from lxml import etree

    if part not in zf.NameToInfo:
        return []
    root = etree.fromstring(zf.read(part), _parser())
    custom = {
        int(n.get("numFmtId", "0")): n.get("formatCode", "") for n in root.iter(f"{_NS}numFmt")
    }
    xfs = root.find(f"{_NS}cellXfs")
    out: list[str | None] = []
    for xf in xfs.iterchildren(f"{_NS}xf") if xfs is not None else ():
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid) or BUILTIN_FORMATS.get(fid))
    return out


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _date(serial: float, epoch1904: bool) -> dt.datetime | dt.time:
    """A serial number under a date format, as openpyxl's ``from_excel`` gives it."""
    day, fraction = divmod(serial, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= serial < 1 and diff.days == 0:
        return (dt.datetime.min + diff).time()
    if epoch1904:
        return dt.datetime(1904, 1, 1) + dt.timedelta(days=day) + diff
    if 0 < serial < 60:  # Excel's 1900-02-29 that never was
        day += 1
    return dt.datetime(1899, 12, 30) + dt.timedelta(days=day) + diff


def _sheet(
    zf: zipfile.ZipFile,
    sheet: Sheet,
    part: str,
    strings: list[str],
    formats: list[str | None],
    epoch1904: bool,
    number_text: Callable[[Any, str | None], str],
) -> None:
    texts = sheet.texts
    row = 0
    col = 0
    last_row = None
    for el in _iterparse(zf, part, (_C, _MERGE, _ROW)):
        tag = el.tag
        if tag == _ROW:
            el.clear()
            continue
        if tag == _MERGE:
            ends = _REF.findall(el.get("ref", ""))
            if len(ends) == 2:
                (a, r0), (b, r1) = ends
                c0, c1 = _column(a), _column(b)
                sheet.merges.append(
                    (min(int(r0), int(r1)), min(c0, c1), max(int(r0), int(r1)), max(c0, c1))
                )
            continue
        parent = el.getparent()
        if parent is not last_row:  # a new row: its number, or the next one
            last_row = parent
            given = parent.get("r") if parent is not None else None
            row = int(given) if given and given.isdigit() else row + 1
            col = 0
        ref = el.get("r")
        m = _REF.match(ref) if ref else None
        if m:
            col, row = _column(m.group(1)), int(m.group(2))
        else:  # cells may leave out their reference: the next column
            col += 1
        t = el.get("t", "n")
        value: Any = None
        if t == "inlineStr":
            is_ = el.find(_IS)
            value = "".join(x.text or "" for x in is_.iter(_T)) if is_ is not None else ""
        else:
            v = el.find(_V)
            raw = v.text if v is not None else None
            if raw is not None:
                if t == "s":
                    value = strings[int(raw)]
                elif t == "n":
                    number: float | int = (
                        float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                    )
                    s = el.get("s")
                    fmt = formats[int(s)] if s is not None and int(s) < len(formats) else None
                    if fmt and is_date_format(fmt):
                        try:
                            value = _date(float(number), epoch1904)
                        except (OverflowError, ValueError):
                            value = number
                    else:
                        texts[(row, col)] = clean(number_text(number, fmt))
                        el.clear()
                        continue
                elif t == "b":
                    value = raw.strip() in ("1", "true")
                elif t == "d":
                    try:
                        value = dt.datetime.fromisoformat(raw)
                    except ValueError:
                        value = raw
                else:  # str (a formula's text), e (an error), d (an ISO date)
                    value = raw
        texts[(row, col)] = clean(number_text(value, None)) if value is not None else ""
        el.clear()


def read_sheets(zf: zipfile.ZipFile, number_text: Callable[[Any, str | None], str]) -> list[Sheet]:
    """Every worksheet of the workbook, in the workbook's order."""
    from lxml import etree

    wb_part = "xl/workbook.xml"
    root = etree.fromstring(zf.read(wb_part), _parser())
    pr = root.find(f"{_NS}workbookPr")
    epoch1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    rels = _rels(zf, wb_part)
    by_kind = {kind: path for kind, path in rels.values()}
    strings = _shared_strings(zf, by_kind.get("sharedStrings", "xl/sharedStrings.xml"))
    formats = _number_formats(zf, by_kind.get("styles", "xl/styles.xml"))
    sheets = []
    for el in root.iter(f"{_NS}sheet"):
        kind, part = rels.get(el.get(_REL, ""), ("", ""))
        if kind != "worksheet" or part not in zf.NameToInfo:
            continue  # a chartsheet or a dangling entry
        sheet = Sheet(el.get("name", ""))
        _sheet(zf, sheet, part, strings, formats, epoch1904, number_text)
        sheets.append(sheet)
    return sheets
