"""The finance region a document belongs to, from what the document says."""

from __future__ import annotations

from jixiao.core.model import Document


def region_code_of(doc: Document) -> str | None:
    """The finance region from the project codes (their first six characters), if any."""
    for p in doc.projects:
        if p.code and len(p.code) >= 6 and p.code[:6].isdigit():
            return p.code[:6]
    return None
