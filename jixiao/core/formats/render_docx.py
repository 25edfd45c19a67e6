"""Draw `table_model` sections into a Word document: A4, 仿宋 body, 宋体 tables, 黑体
headings, each with its East Asian font name set (python-docx sets only the Latin one).

Tables are written as WordprocessingML directly: python-docx's cell() and merge() rescan
the whole table on every call, which is quadratic in its size.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from jixiao.core.table_model import Cell, PageBreak, Section, Table, Text, placed
from jixiao.core.textcodec import xml_safe

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Fonts as government documents name them; Word falls back along ``w:altName``.
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
FONT_FALLBACKS = {"仿宋": "FangSong", "宋体": "SimSun", "黑体": "SimHei"}
CELL_STYLE = "表格文字"
TITLE_PT = 20
_HEADINGS = {"h1": "Heading 1", "h2": "Heading 2"}


def _set_fonts(rpr_owner: Any, east_asia: str, size_pt: float | None = None) -> None:
    """Set Latin and East Asian fonts on a style or run."""
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


_NO_BORDER = (
    '<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
)


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
        self.sect = self.d.element.body.find(f"{W}sectPr")

    def text(self, block: Text) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        if block.role == "title":
            p = self.d.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(xml_safe(block.text)).font.size = Pt(TITLE_PT)
            return
        p = self.d.add_paragraph(xml_safe(block.text), style=_HEADINGS.get(block.role))
        if block.role == "subtitle":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, table: Table) -> None:
        from docx.oxml import parse_xml

        widths = [int(self.text_width * f) for f in table.column_widths()]
        out = [
            f'<w:tbl xmlns:w="{W[1:-1]}"><w:tblPr>'
            f'<w:tblStyle w:val="{self.grid_style_id}"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r, line in enumerate(placed(table)):
            header = "<w:trPr><w:tblHeader/></w:trPr>" if r < table.repeat_rows else ""
            out.append(f"<w:tr>{header}")
            for c, cell, covered in line:
                width = sum(widths[c : c + cell.span])
                out.append(self._cell(cell, width, covered))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.sect.addprevious(parse_xml("".join(out)))

    def _cell(self, cell: Cell, width: int, covered: bool) -> str:
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if cell.span > 1:
            props.append(f'<w:gridSpan w:val="{cell.span}"/>')
        if covered:
            props.append("<w:vMerge/>")
        elif cell.rows > 1:
            props.append('<w:vMerge w:val="restart"/>')
        if not cell.border:
            props.append(_NO_BORDER)
        if cell.nowrap:
            props.append("<w:noWrap/>")
        props.append('<w:vAlign w:val="center"/>')
        ppr = f'<w:pStyle w:val="{self.cell_style_id}"/>'
        if cell.alignment != "left":
            ppr += f'<w:jc w:val="{cell.alignment}"/>'
        rpr = "<w:rPr><w:b/></w:rPr>" if cell.label else ""
        text = "" if covered else xml_safe(cell.text)
        paras = "".join(
            f"<w:p><w:pPr>{ppr}</w:pPr>"
            + (f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else "")
            + "</w:p>"
            for line in text.split("\n")
        )
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paras}</w:tc>"

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


def render(sections: Sequence[Section]) -> bytes:
    """The sections one after the other (spreadsheet-only ones left out); an empty
    paragraph follows each table so that two tables never run together."""
    w = _Writer()
    for section in sections:
        if section.spreadsheet_only:
            continue
        for block in section.blocks:
            if isinstance(block, Text):
                w.text(block)
            elif isinstance(block, PageBreak):
                w.page_break()
            else:
                w.table(block)
                w.d.add_paragraph()
    return w.save()
