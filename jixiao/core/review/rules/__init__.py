"""The review rules, one class each, grouped in small modules by family.

`ALL_RULES` lists them in code order; `RULES_BY_CODE` finds one by code. Importing this
package checks that codes and names are unique, that every category and severity is
known, that every rule applies to some of `REVIEW_KINDS`, and that every threshold a rule
reads has a default in default_profile.toml.
"""

from __future__ import annotations

from jixiao.core.review.finding import CATEGORIES, SEVERITIES
from jixiao.core.review.rule import (
    REVIEW_KINDS,
    DocumentRule,
    IndicatorRule,
    ProjectRule,
    Rule,
)
from jixiao.core.review.rules import (
    amounts,
    basis,
    codes,
    coverage,
    department,
    goals,
    measures,
    plan,
    relevance,
    selfeval,
    summary,
    target,
    taxonomy,
    wording,
)

_MODULES = (
    taxonomy,
    coverage,
    target,
    basis,
    wording,
    goals,
    plan,
    amounts,
    codes,
    summary,
    department,
    measures,
    relevance,
    selfeval,
)


def _collect() -> tuple[type[Rule], ...]:
    found = []
    for module in _MODULES:
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, (IndicatorRule, ProjectRule, DocumentRule))
                and "code" in vars(obj)
            ):
                found.append(obj)
    return tuple(sorted(found, key=lambda r: r.code))


def _validate(rules: tuple[type[Rule], ...]) -> None:
    from jixiao.core.review.profile import defaults

    known = defaults()
    for attr in ("code", "name"):
        values = [getattr(r, attr) for r in rules]
        dupes = {v for v in values if values.count(v) > 1}
        if dupes:
            raise RuntimeError(f"duplicate rule {attr}s: {sorted(dupes)}")
    for r in rules:
        if r.category not in CATEGORIES or r.severity not in SEVERITIES:
            raise RuntimeError(f"{r.code}: bad category or severity")
        if not r.applies_to or not r.applies_to <= set(REVIEW_KINDS):
            raise RuntimeError(f"{r.code}: kinds must be some of {REVIEW_KINDS}")
        missing = [t for t in r.thresholds if t not in known]
        if missing:
            raise RuntimeError(f"{r.code}: thresholds without a default: {missing}")


ALL_RULES: tuple[type[Rule], ...] = _collect()
RULES_BY_CODE: dict[str, type[Rule]] = {r.code: r for r in ALL_RULES}
_validate(ALL_RULES)

__all__ = ["ALL_RULES", "RULES_BY_CODE"]
