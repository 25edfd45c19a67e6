"""A PDF page packed with characters (one cell of tens of thousands of characters in a tiny
font) is refused, naming the page, before reading it costs minutes."""

from __future__ import annotations

import io

import pytest

from jixiao.core.errors import ReadError
from jixiao.core.formats import read_bytes
from jixiao.core.formats.pdf_io import MAX_PAGE_CHARS


def _dense_pdf(chars: int, *, pages_before: int = 0) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from jixiao.core.formats.pdf_io import chinese_font

    font = chinese_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for k in range(pages_before):
        c.setFont(font, 12)
        c.drawString(72, 760, f"第 {k + 1} 页正常的文字")
        c.showPage()
    xs, ys = [40, 300, 555], [800, 780, 40]
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.setFont(font, 8)
    c.drawString(42, 785, "三级指标")
    c.drawString(302, 785, "绩效指标描述")
    size, per_line = 0.5, 400
    c.setFont(font, size)
    text = "测试文字" * (chars // 4)
    y = 775.0
    for i in range(0, len(text), per_line):
        c.drawString(302, y, text[i : i + per_line])
        y -= size * 1.1
    c.save()
    return buf.getvalue()


def test_a_page_with_too_many_characters_is_refused_naming_the_page() -> None:
    data = _dense_pdf(MAX_PAGE_CHARS + 4000, pages_before=1)
    with pytest.raises(ReadError) as e:
        read_bytes(data, "dense.pdf")
    message = str(e.value)
    assert "dense.pdf" in message and "第 2 页" in message
    assert f"超过 {MAX_PAGE_CHARS:,} 个字" in message
    assert "\n" not in message


def test_the_page_is_given_up_once_past_the_bound(monkeypatch) -> None:
    """The page stops being parsed at the bound instead of after its last character."""
    from pdfminer.converter import PDFPageAggregator

    drawn = 0
    real = PDFPageAggregator.render_char

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal drawn
        drawn += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PDFPageAggregator, "render_char", counting)
    with pytest.raises(ReadError):
        read_bytes(_dense_pdf(3 * MAX_PAGE_CHARS), "dense.pdf")
    assert drawn <= MAX_PAGE_CHARS + 1
