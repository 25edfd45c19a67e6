"""Yes/no answers (是否需要整改 and the like) as people and forms write them."""

from __future__ import annotations

YES: frozenset[str] = frozenset({"是", "需要", "yes", "y", "true", "1"})
NO: frozenset[str] = frozenset({"否", "不需要", "no", "n", "false", "0"})


def parse_yes_no(text: str | None, *, label: str = "是否需要整改") -> bool | None:
    """``True``/``False`` for a yes or a no, ``None`` for blank; ``ValueError`` (Chinese,
    naming ``label``) for anything else. Posted selects send ``1``/``0``."""
    answer = (text or "").strip().lower()
    if not answer:
        return None
    if answer in YES:
        return True
    if answer in NO:
        return False
    raise ValueError(f"{label}“{(text or '').strip()}”应为 是/否")
