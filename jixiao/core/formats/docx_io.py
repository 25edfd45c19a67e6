"""Word (.docx) goal documents: read any layout grid.py understands, write the official one.

Reading walks ``word/document.xml`` with lxml (body paragraphs and ``w:tbl/w:tr/w:tc`` in
order) instead of python-docx's cell API, which returns a merged cell once per grid column
and is quadratic on large tables. Each ``w:tc`` is read once; ``w:gridSpan`` gives its
width and a ``w:vMerge`` continuation carries the text of the cell it continues.
Writing uses python-docx: A4, 仿宋 body and 宋体 tables with the East Asian font set.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from jixiao.core.amounts import amount_text
from jixiao.core.errors import ReadError
from jixiao.core.formats.department import has_department_part
from jixiao.core.formats.grid import Builder, Cell, Row
from jixiao.core.formats.zipped import SafeZip
from jixiao.core.limits import check_count
from jixiao.core.model import Document, Indicator, Project
from jixiao.core.numbering import add_ordinal

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
                col = int(before.get(_VAL, "0") or 0)
        cells: list[Cell] = []
        for c, tc in enumerate(_row_cells(tr), 1):
            span = 1
            vmerge = None
            tcpr = tc.find(f"{W}tcPr")
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(_VAL, "1") or 1))
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
            span = max(1, _int(span_text, 1)) if span_text else 1
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
            col = _int(before, 0) if before else 0
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

#: Fonts as government documents name them; Word falls back along ``w:altName``.
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
FONT_FALLBACKS = {"仿宋": "FangSong", "宋体": "SimSun", "黑体": "SimHei"}
NCOLS = 7
CELL_STYLE = "表格文字"


def _set_fonts(rpr_owner: Any, east_asia: str, size_pt: float | None = None) -> None:
    """Set Latin and East Asian fonts on a style or run (python-docx sets only Latin)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = rpr_owner.font
    font.name = LATIN_FONT
    if size_pt is not None:
        font.size = Pt(size_pt)
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _font_table(document: Any) -> None:
    """Declare the Chinese fonts with their alternate names (the fallback Word uses)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    part = document.part
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            font_part = rel.target_part
            root = etree.fromstring(font_part.blob)
            for cn, alt in FONT_FALLBACKS.items():
                f = etree.SubElement(root, qn("w:font"))
                f.set(qn("w:name"), cn)
                etree.SubElement(f, qn("w:altName")).set(qn("w:val"), alt)
                etree.SubElement(f, qn("w:charset")).set(qn("w:val"), "86")
                etree.SubElement(f, qn("w:family")).set(qn("w:val"), "modern")
            font_part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            return


_amount = amount_text


class _Writer:
    def __init__(self) -> None:
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm

        self.d = docx.Document()
        section = self.d.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.5)
        self.text_width = int((21.0 - 4.4) / 2.54 * 1440)  # twips
        styles = self.d.styles
        _set_fonts(styles["Normal"], BODY_FONT, 14)
        for name in ("Heading 1", "Heading 2", "Title"):
            _set_fonts(styles[name], HEADING_FONT)
            styles[name].font.color.rgb = None
        cell_style = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        cell_style.base_style = styles["Normal"]
        _set_fonts(cell_style, TABLE_FONT, 10.5)
        cell_style.paragraph_format.space_after = 0
        self.cell_style_id = cell_style.style_id
        self.grid_style_id = styles["Table Grid"].style_id
        _font_table(self.d)
        body = self.d.element.body
        self.sect = body.find(f"{W}sectPr")

    def para(self, text: str, style: str | None = None, center: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.d.add_paragraph(text, style=style)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def department(self, doc: Document) -> None:
        from docx.shared import Pt

        title = self.d.add_paragraph(style="Title")
        run = title.add_run(doc.unit.name or "部门整体绩效目标")
        run.font.size = Pt(20)
        if doc.year is not None:
            self.para(f"{doc.year}年度绩效目标", center=True)
        if not has_department_part(doc):
            return  # projects only (an export of some projects of the document)
        self.para("第一部分 部门整体绩效目标", "Heading 1")
        self.para("一、总体绩效目标", "Heading 2")
        for i, goal in enumerate(doc.overall_goals, 1):
            self.para(add_ordinal(i, goal))
        self.para("二、分项绩效目标", "Heading 2")
        for s in doc.project_summaries:
            self.para(f"{s.seq}.{s.name}")
            for line in s.text.splitlines() if s.text else []:
                self.para(line)
        self.para("三、工作保障措施", "Heading 2")
        for i, measure in enumerate(doc.measures, 1):
            self.para(add_ordinal(i, measure))
        self.d.add_page_break()
        self.para("第二部分 预算项目绩效目标", "Heading 1")

    # Tables are written as WordprocessingML directly: python-docx's cell() and merge()
    # rescan the whole table on every call, which is quadratic in its size.
    def table(self, ncols: int, rows: list[list[_Tc]], borders: bool = True) -> None:
        from docx.oxml import parse_xml

        col = self.text_width // ncols
        out = [
            f'<w:tbl xmlns:w="{W[1:-1]}"><w:tblPr>'
            f'<w:tblStyle w:val="{self.grid_style_id}"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            f'<w:gridCol w:w="{col}"/>' * ncols,
            "</w:tblGrid>",
        ]
        for row in rows:
            out.append("<w:tr>")
            for tc in row:
                out.append(tc.xml(self.cell_style_id, col))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.sect.addprevious(parse_xml("".join(out)))

    def project(self, doc: Document, index: int, p: Project) -> None:
        self.para(_title(p, index), "Heading 2")
        months = p.spending_plan.cells
        n = max(NCOLS, 1 + len(months))
        half = n // 2 + 1
        b = p.budget
        rows: list[list[_Tc]] = [
            [
                _Tc(f"{doc.unit.code or ''}{doc.unit.name}", half),
                _Tc(f"单位：{doc.money_unit}", n - half, align="right"),
            ],
            [
                _Tc("项目编码", label=True),
                _Tc(p.code, 3),  # 21 characters need three columns to stay on one line
                _Tc("项目名称", label=True),
                _Tc(p.name, n - 5),
            ],
            [
                _Tc("预算规模及资金用途", label=True, vmerge="restart"),
                _Tc("预算数", label=True),
                _Tc(_amount(b.total)),
                _Tc("其中：财政资金", label=True),
                _Tc(_amount(b.fiscal)),
                _Tc("其他资金", label=True),
                _Tc(_amount(b.other), n - 6),
            ],
            [_Tc("", vmerge="continue"), _Tc(p.purpose, n - 1)],
        ]
        if months:
            spans = _spread(n - 1, len(months))
            rows.append(
                [_Tc("资金支出计划（%）", label=True, vmerge="restart")]
                + [_Tc(f"{c.month}月底", w, label=True) for c, w in zip(months, spans, strict=True)]
            )
            rows.append(
                [_Tc("", vmerge="continue")]
                + [_Tc(c.text, w, align="center") for c, w in zip(months, spans, strict=True)]
            )
        rows.append([_Tc("绩效目标", label=True), _Tc(p.goals_cell(), n - 1)])
        self.table(n, rows)
        self.indicators(p.indicators)

    def indicators(self, indicators: list[Indicator]) -> None:
        weighted = any(i.weight is not None for i in indicators)
        header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
        if weighted:
            header.append("权重")
        rows = [[_Tc(h, label=True) for h in header]]
        for ind in indicators:
            values = [
                ind.level1,
                ind.level2,
                ind.name,
                ind.description,
                ind.target.text,
                ind.basis,
            ]
            if weighted:
                values.append(None if ind.weight is None else str(ind.weight))
            rows.append([_Tc(v) for v in values])
        self.table(len(header), rows)
        self.d.add_paragraph()

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


class _Tc:
    """One table cell to write: text (lines become paragraphs), span, vertical merge."""

    __slots__ = ("align", "label", "span", "text", "vmerge")

    def __init__(
        self,
        text: str | None,
        span: int = 1,
        *,
        label: bool = False,
        vmerge: str | None = None,
        align: str | None = None,
    ) -> None:
        self.text = text or ""
        self.span = span
        self.label = label
        self.vmerge = vmerge
        self.align = align or ("center" if label else None)

    def xml(self, style_id: str, col_width: int) -> str:
        props = [f'<w:tcW w:w="{col_width * self.span}" w:type="dxa"/>']
        if self.span > 1:
            props.append(f'<w:gridSpan w:val="{self.span}"/>')
        if self.vmerge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif self.vmerge:
            props.append("<w:vMerge/>")
        props.append('<w:vAlign w:val="center"/>')
        ppr = f'<w:pStyle w:val="{style_id}"/>'
        if self.align:
            ppr += f'<w:jc w:val="{self.align}"/>'
        rpr = "<w:rPr><w:b/></w:rPr>" if self.label else ""
        paras = "".join(
            f"<w:p><w:pPr>{ppr}</w:pPr>"
            + (f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else "")
            + "</w:p>"
            for line in self.text.split("\n")
        )
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paras}</w:tc>"


def _spread(width: int, n: int) -> list[int]:
    """Split ``width`` grid columns over ``n`` cells as evenly as possible."""
    base, extra = divmod(width, n)
    return [base + (1 if k < extra else 0) for k in range(n)]


def _title(p: Project, index: int) -> str:
    return p.title or f"{p.seq or index}.{p.name}绩效目标表"


def write_bytes(doc: Document) -> bytes:
    w = _Writer()
    w.department(doc)
    for index, p in enumerate(doc.projects, 1):
        w.project(doc, index, p)
    return w.save()
