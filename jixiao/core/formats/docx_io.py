"""Word (.docx) goal documents: read any layout grid.py understands, write the official one.

Reading walks ``word/document.xml`` with lxml (body paragraphs and ``w:tbl/w:tr/w:tc`` in
order) instead of python-docx's cell API, which returns a merged cell once per grid column
and is quadratic on large tables. Each ``w:tc`` is read once; ``w:gridSpan`` gives its
width and a ``w:vMerge`` continuation carries the text of the cell it continues.
Writing draws the goal table model (`jixiao.core.goal_table`) with `render_docx`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jixiao.core.errors import ReadError
from jixiao.core.formats.grid import Builder, Cell, Row
from jixiao.core.formats.zipped import SafeZip
from jixiao.core.limits import check_count
from jixiao.core.model import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_VAL = f"{W}val"


# -- reading ---------------------------------------------------------------------------


def _para_text(p: Any) -> str:
    parts = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    lines = []
    # iter, not iterchildren: paragraphs inside content controls (w:sdt) count too.
    for p in tc.iter(_P):
        lines.extend(_para_text(p).split("\n"))
    return "\n".join(line.strip() for line in lines).strip()


def _body_items(body: Any) -> Iterator[Any]:
    for el in body.iterchildren():
        if el.tag == _SDT:
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_items(content)
        else:
            yield el


def _row_cells(tr: Any) -> Iterator[Any]:
    """The ``w:tc`` of a row, including those wrapped in content controls."""
    for el in tr.iterchildren(_TC, _SDT):
        if el.tag == _TC:
            yield el
        else:
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from content.iterchildren(_TC)


def _table_rows(tbl: Any, number: int) -> Iterator[Row]:
    above: dict[int, Cell] = {}
    for r, tr in enumerate(tbl.iterchildren(_TR), 1):
        col = 0
        trpr = tr.find(f"{W}trPr")
        if trpr is not None:
            before = trpr.find(f"{W}gridBefore")
            if before is not None:
                col = _before(before.get(_VAL))
        cells: list[Cell] = []
        for c, tc in enumerate(_row_cells(tr), 1):
            span = 1
            vmerge = None
            tcpr = tc.find(f"{W}tcPr")
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                if gs is not None:
                    span = _span(gs.get(_VAL))
                vm = tcpr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(_VAL, "continue")
            place = f"第 {number} 个表格第 {r} 行第 {c} 列"
            if vmerge == "continue" and col in above:
                cell = Cell(above[col].text, col, span, cont=True, place=place)
            else:
                cell = Cell(_cell_text(tc), col, span, place=place)
                for k in range(col, col + span):
                    above[k] = cell
            cells.append(cell)
            col += span
        yield Row(cells, f"第 {number} 个表格第 {r} 行")


def rows_of(root: Any) -> Iterator[Row]:
    """The body of a ``word/document.xml`` as grid rows, in reading order."""
    body = root.find(f"{W}body")
    if body is None:
        return
    tables = paras = 0
    for el in _body_items(body):
        if el.tag == _P:
            paras += 1
            text = _para_text(el).strip()
            if text:
                place = f"第 {paras} 段"
                yield Row([Cell(text, 0, place=place)], place, para=True)
        elif el.tag == _TBL:
            tables += 1
            yield from _table_rows(el, tables)


# The same walk as `rows_of`, done by libxslt: the document becomes one string of records
# (a paragraph, a table, a row, a cell with its span, merge and text), split in Python.
# Twice as fast as visiting the elements from Python. U+E000/U+E001 (private use) separate
# records and fields; a document that holds them is read by `rows_of` instead.
_REC, _SEP = "\ue000", "\ue001"
_SEPARATORS = re.compile(rb"\xee\x80[\x80\x81]|&#(?:[xX]0*[eE]00[01]|0*5734[45]);")
_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:w="{W[1:-1]}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:apply-templates select="w:document/w:body/*"/></xsl:template>
<xsl:template match="w:sdt"><xsl:apply-templates select="w:sdtContent/*"/></xsl:template>
<xsl:template match="w:p">&#xE000;P&#xE001;<xsl:apply-templates
 select=".//w:t|.//w:tab|.//w:br|.//w:cr" mode="text"/></xsl:template>
<xsl:template match="w:tbl">&#xE000;T<xsl:apply-templates select="w:tr"/></xsl:template>
<xsl:template match="w:tr">&#xE000;R&#xE001;<xsl:value-of
 select="w:trPr/w:gridBefore/@w:val"/><xsl:apply-templates
 select="w:tc|w:sdt/w:sdtContent/w:tc" mode="cell"/></xsl:template>
<xsl:template match="w:tc" mode="cell">&#xE000;C&#xE001;<xsl:value-of
 select="w:tcPr/w:gridSpan/@w:val"/>&#xE001;<xsl:if test="w:tcPr/w:vMerge">m<xsl:value-of
 select="w:tcPr/w:vMerge/@w:val"/></xsl:if>&#xE001;<xsl:for-each select=".//w:p"><xsl:if
 test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if><xsl:apply-templates
 select=".//w:t|.//w:tab|.//w:br|.//w:cr" mode="text"/></xsl:for-each></xsl:template>
<xsl:template match="w:t" mode="text"><xsl:value-of select="."/></xsl:template>
<xsl:template match="w:tab" mode="text"><xsl:text>&#9;</xsl:text></xsl:template>
<xsl:template match="w:br|w:cr" mode="text"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="*"/>
</xsl:stylesheet>"""


@cache
def _transform() -> Any:
    from lxml import etree

    return etree.XSLT(etree.XML(_XSLT), access_control=etree.XSLTAccessControl.DENY_ALL)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


#: Word tables have at most 63 columns; a ``w:gridSpan`` or ``w:gridBefore`` of a billion
#: (a 1 KB file) would fill a column map of a billion entries.
MAX_COLUMNS = 63


def _span(text: str | None) -> int:
    return min(max(1, _int(text, 1)), MAX_COLUMNS) if text else 1


def _before(text: str | None) -> int:
    return min(max(0, _int(text, 0)), MAX_COLUMNS) if text else 0


def records_rows(records: str) -> tuple[list[Row], int]:
    """The transform's output as grid rows (exactly what `rows_of` gives), and the number
    of tables."""
    out: list[Row] = []
    tables = paras = 0
    number = r = 0
    above: dict[int, Cell] = {}
    cells: list[Cell] = []
    col = c = 0
    where = ""  # 第 N 个表格第 R 行, once per row
    for rec in records.split(_REC)[1:]:
        kind = rec[0]
        if kind == "C":
            _, span_text, merge, text = rec.split(_SEP, 3)
            c += 1
            span = _span(span_text)
            place = f"{where}第 {c} 列"
            if merge in ("m", "mcontinue") and col in above:
                cell = Cell(above[col].text, col, span, cont=True, place=place)
            else:
                if "\n" in text:
                    text = "\n".join(line.strip() for line in text.split("\n"))
                cell = Cell(text.strip(), col, span, place=place)
                for k in range(col, col + span):
                    above[k] = cell
            cells.append(cell)
            col += span
            continue
        if cells:
            out.append(Row(cells, where))
            cells = []
        if kind == "R":
            r += 1
            where = f"第 {number} 个表格第 {r} 行"
            before = rec[2:]
            col = _before(before)
            c = 0
        elif kind == "T":
            tables += 1
            number, r = tables, 0
            above = {}
        else:  # P
            paras += 1
            text = rec[2:].strip()
            if text:
                place = f"第 {paras} 段"
                out.append(Row([Cell(text, 0, place=place)], place, para=True))
    if cells:
        out.append(Row(cells, where))
    return out, tables


def read_bytes(data: bytes, name: str) -> Document:
    from lxml import etree

    safe = SafeZip(data, name)
    if "word/document.xml" not in safe.names:
        raise ReadError("不是 Word 文档：缺少 word/document.xml", file=name)
    root = safe.parse_xml("word/document.xml", "Word 文档")
    rows: list[Row] | None = None
    # The separators can only be in the text if the XML holds them (read under the budget).
    xml = safe.read("word/document.xml")
    suspect = b"\xee\x80" in xml or b"&#" in xml
    if not (suspect and _SEPARATORS.search(xml)):
        try:
            rows, tables = records_rows(str(_transform()(root)))
        except etree.XSLTError:  # too deep for libxslt: walk it from Python
            rows = None
    if rows is None:
        rows = list(rows_of(root))
        tables = sum(1 for el in _body_items(root.find(f"{W}body")) if el.tag == _TBL)
    check_count("tables", tables, name)
    builder = Builder(name)
    builder.feed(rows)
    return builder.document(f"全文共 {tables} 个表格")


# -- writing ---------------------------------------------------------------------------


def write_bytes(doc: Document) -> bytes:
    """The official layout (`jixiao.core.goal_table`) drawn by `render_docx`."""
    from jixiao.core.formats.render_docx import render
    from jixiao.core.goal_table import goal_sections

    return render(goal_sections(doc))
