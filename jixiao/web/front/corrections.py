"""The import preview's correction form: the core's `TableRead` as rows of selects, and
the submitted form back as a `LayoutOverride`. The mapping itself is the core's."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from jixiao.core.formats.overrides import IGNORE, IGNORE_NAME, LayoutOverride
from jixiao.core.model import Document

#: Document fields the preview lets the user correct (form name → `LayoutOverride` field).
DOCUMENT_FIELDS = ("money_unit", "year", "unit_code", "unit_name")


def table_rows(doc: Document) -> list[dict[str, Any]]:
    """Per table read: its columns with the choices of the select and the current one."""
    out = []
    for n, t in enumerate(doc.tables, 1):
        options = [*t.choices().items(), (IGNORE, IGNORE_NAME)]
        columns = [
            {
                "text": c.text,
                "key": c.key,
                "taken": c.field_name,
                "how": c.how,
                "current": c.field or IGNORE,
                "options": options,
            }
            for c in t.columns
        ]
        out.append({"n": n, "place": t.place, "flat": t.flat, "columns": columns, "notes": t.notes})
    return out


def _doc_value(name: str, raw: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    if name == "year":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"年度“{raw[:20]}”不是数字") from None
    return raw[:200]


def correction_from_post(post: QueryDict, old: LayoutOverride) -> LayoutOverride:
    """``old`` with what the user changed: a select whose value differs from the one the
    page showed (``was:<key>``), a document field that differs from the shown value."""
    columns = dict(old.columns)
    changed: set[str] = set()
    for name in post:
        if not name.startswith("col:"):
            continue
        key = name[4:]
        for chosen, was in zip(post.getlist(name), post.getlist(f"was:{key}"), strict=False):
            if chosen != was and key not in changed:
                columns[key] = None if chosen == IGNORE else chosen
                changed.add(key)
    values = old.to_dict()
    for f in DOCUMENT_FIELDS:
        new, was = post.get(f, ""), post.get(f"was_{f}", "")
        if new.strip() != was.strip():
            values[f] = _doc_value(f, new)
    values["columns"] = columns
    return LayoutOverride.from_dict(values)
