"""PDF export: a Chinese font, and every project name and amount of the seed in its text."""

from __future__ import annotations

import io

import pytest

from jixiao.core.formats import to_bytes
from jixiao.core.model import Document


@pytest.fixture(scope="module")
def seed_pdf_text(seed_doc: Document) -> tuple[bytes, str]:
    from pypdf import PdfReader

    data = to_bytes(seed_doc, "pdf")
    reader = PdfReader(io.BytesIO(data))
    # Table cells wrap long names over lines: compare without whitespace.
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    return data, text


def test_pdf_contains_every_project_name(
    seed_doc: Document, seed_pdf_text: tuple[bytes, str]
) -> None:
    _, text = seed_pdf_text
    missing = [p.name for p in seed_doc.projects if "".join(p.name.split()) not in text]
    assert missing == []


def test_pdf_contains_every_amount(seed_doc: Document, seed_pdf_text: tuple[bytes, str]) -> None:
    _, text = seed_pdf_text
    amounts = {
        str(a)
        for p in seed_doc.projects
        for a in (p.budget.total, p.budget.fiscal)
        if a is not None
    }
    assert len(amounts) > 10
    assert sorted(a for a in amounts if a not in text) == []


def test_pdf_has_the_department_part_and_headings(seed_pdf_text: tuple[bytes, str]) -> None:
    _, text = seed_pdf_text
    for words in (
        "一、总体绩效目标",
        "三、工作保障措施",
        "36.综合文化站建设绩效目标表",
        "单位：万元",
    ):
        assert words in text


def test_pdf_font_draws_chinese(seed_pdf_text: tuple[bytes, str]) -> None:
    from jixiao.core.formats.pdf_io import FALLBACK_FONT, chinese_font

    data, _ = seed_pdf_text
    assert data.startswith(b"%PDF")
    font = chinese_font()
    # An embedded TrueType subset, or the standard CID font every reader has.
    assert (b"FontFile2" in data) if font != FALLBACK_FONT else (b"STSong-Light" in data)


def test_without_a_system_font_the_standard_cid_font_is_used(
    seed_doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.core.formats import pdf_io

    monkeypatch.setattr(pdf_io, "FONT_CANDIDATES", ())
    monkeypatch.setattr(pdf_io, "FONT_DIRS", ())
    pdf_io.chinese_font.cache_clear()
    try:
        assert pdf_io.chinese_font() == pdf_io.FALLBACK_FONT
        data = to_bytes(seed_doc, "pdf")
    finally:
        pdf_io.chinese_font.cache_clear()
    assert b"STSong-Light" in data and b"FontFile2" not in data
