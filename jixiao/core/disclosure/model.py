"""What is published about one project."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.amounts import convert
from jixiao.core.model import Project


@dataclass(frozen=True)
class PublishedEvaluation:
    """A completed self-evaluation: score, grade, execution (amounts in the document's unit)."""

    score: Decimal | None
    grade: str | None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    #: Actual values per indicator, by position (1-based), as written.
    actuals: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedProject:
    year: int | None
    unit_code: str
    unit_name: str
    money_unit: str
    project: Project
    evaluation: PublishedEvaluation | None = None

    def in_wan(self, amount: Decimal | None) -> Decimal | None:
        """An amount of this document converted exactly to 万元."""
        return to_wan(amount, self.money_unit)


def to_wan(amount: Decimal | None, money_unit: str) -> Decimal | None:
    if amount is None:
        return None
    value = convert(amount, money_unit, "万元")  # the one exact conversion
    # Exact: strip trailing zeros beyond two decimals (1250000 元 → 125.00 万元).
    if value == value.quantize(Decimal("0.01")):
        return value.quantize(Decimal("0.01"))
    return value.normalize()
