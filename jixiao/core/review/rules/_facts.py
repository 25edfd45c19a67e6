"""What the indicator rules need to know about one indicator, derived once.

The engine builds one `Facts` per distinct indicator content and passes it to every
`IndicatorRule`, so the 23 rules no longer each normalise the same cells (一级/二级 levels,
the name's comparison key, cost/satisfaction category, the target's shape). Facts are a
pure function of the indicator's content, like the rules' answers.
"""

from __future__ import annotations

from jixiao.core.model import Indicator, Target
from jixiao.core.review.rules._util import key, level


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
        #: 一级/二级 normalised (`_util.level`): ``产出`` → ``产出指标``.
        self.l1: str = level(ind.level1)
        self.l2: str = level(ind.level2)
        #: The 一级/二级 cells hold more than blanks.
        self.has_l1: bool = bool((ind.level1 or "").strip())
        self.has_l2: bool = bool((ind.level2 or "").strip())
        #: The name for comparisons (`_util.key`).
        self.name_key: str = key(ind.name)
        self.basis_key: str = key(ind.basis)
        #: A 成本指标 (一级 in the 2021 guide, or 二级 under 产出指标).
        self.is_cost: bool = self.l1 == "成本指标" or self.l2.endswith("成本指标")
        self.is_satisfaction: bool = self.l1 == "满意度指标"
        unit = ind.target.unit
        #: The target's unit is a percentage (the parser keeps trailing words: ``%以上``).
        self.is_percent: bool = unit is not None and unit.startswith("%")
        self.is_blank: bool = not ind.target.text.strip()
