"""What changed between two versions of a project (JSON snapshots in the json_io shape).

Changes name fields in the review findings' vocabulary (``purpose``, ``budget.total``,
``indicator.target`` with an indicator number…), so a page can show them beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SIMPLE = ("code", "name", "purpose")
_BUDGET = ("total", "fiscal", "other", "carryover")
_INDICATOR = ("level1", "level2", "name", "description", "target", "basis", "weight")


@dataclass(frozen=True)
class Change:
    field: str
    indicator: int | None
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "indicator": self.indicator, "old": self.old, "new": self.new}


def _target(ind: dict[str, Any] | None) -> Any:
    t = (ind or {}).get("target")
    return t.get("text") if isinstance(t, dict) else t


def _plan(snapshot: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [(c.get("month"), c.get("text")) for c in snapshot.get("spending_plan") or []]


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Field-level changes from ``old`` to ``new``, in the order of the official table."""
    changes: list[Change] = []
    for key in _SIMPLE:
        if old.get(key) != new.get(key):
            changes.append(Change(key, None, old.get(key), new.get(key)))
    ob, nb = old.get("budget") or {}, new.get("budget") or {}
    for key in _BUDGET:
        if ob.get(key) != nb.get(key):
            changes.append(Change(f"budget.{key}", None, ob.get(key), nb.get(key)))
    if _plan(old) != _plan(new):
        changes.append(
            Change("spending_plan", None, old.get("spending_plan"), new.get("spending_plan"))
        )
    if (old.get("goals") or []) != (new.get("goals") or []):
        changes.append(Change("goals", None, old.get("goals"), new.get("goals")))
    oi, ni = old.get("indicators") or [], new.get("indicators") or []
    for k in range(max(len(oi), len(ni))):
        a = oi[k] if k < len(oi) else None
        b = ni[k] if k < len(ni) else None
        if a is None or b is None:
            changes.append(Change("indicators", k + 1, a, b))
            continue
        for key in _INDICATOR:
            va, vb = (_target(a), _target(b)) if key == "target" else (a.get(key), b.get(key))
            if va != vb:
                changes.append(Change(f"indicator.{key}", k + 1, va, vb))
    return changes
