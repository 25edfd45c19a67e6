"""What the indicator rules need to know about one indicator, derived once.

The engine builds one `Facts` per distinct indicator content and passes it to every
`IndicatorRule`, so the 23 rules no longer each normalise the same cells (一级/二级 levels,
the name's comparison key, cost/satisfaction category, the target's shape). Facts are a
pure function of the indicator's content, like the rules' answers.
"""

from __future__ import annotations

from functools import lru_cache

from jixiao.core.model import Indicator, Target
from jixiao.core.review.rules._util import key, level


@lru_cache(maxsize=4096)
def _levels(level1: str | None, level2: str | None) -> tuple[str, str, bool, bool, bool, bool]:
    """What the 一级/二级 pair says, once per distinct pair (a document has a handful)."""
    l1, l2 = level(level1), level(level2)
    return (
        l1,
        l2,
        bool((level1 or "").strip()),
        bool((level2 or "").strip()),
        l1 == "成本指标" or l2.endswith("成本指标"),
        l1 == "满意度指标",
    )


class Facts:
    """One indicator and what is derived from its cells (read-only by convention)."""

    __slots__ = (
        "basis",
        "basis_key",
        "description",
        "has_l1",
        "has_l2",
        "ind",
        "is_blank",
        "is_cost",
        "is_percent",
        "is_satisfaction",
        "l1",
        "l2",
        "name",
        "name_key",
        "target",
    )

    def __init__(self, ind: Indicator) -> None:
        self.ind = ind
        #: The 三级 name and description, ``""`` when missing.
        self.name: str = ind.name or ""
        self.description: str = ind.description or ""
        #: The basis cell as written (``None`` when missing).
        self.basis: str | None = ind.basis
        self.target: Target = ind.target
        #: 一级/二级 normalised (`_util.level`): ``产出`` → ``产出指标``; whether the cells
        #: hold more than blanks; a 成本指标 (一级 in the 2021 guide, or 二级 under 产出指标);
        #: a 满意度指标.
        (
            self.l1,
            self.l2,
            self.has_l1,
            self.has_l2,
            self.is_cost,
            self.is_satisfaction,
        ) = _levels(ind.level1, ind.level2)
        #: The name and basis for comparisons (`_util.key`).
        self.name_key: str = key(ind.name)
        self.basis_key: str = key(ind.basis)
        unit = ind.target.unit
        #: The target's unit is a percentage (the parser keeps trailing words: ``%以上``).
        self.is_percent: bool = unit is not None and unit.startswith("%")
        self.is_blank: bool = not ind.target.text.strip()
