"""Follow-up after approval: rectification items (问题整改) and re-checks (自评抽查/复核).

Pure rules shared by the web app, the API and ``jixiao remind``: which items are overdue,
how a re-check sample is drawn (reproducibly, from a seed) and when a re-check's difference
opens a rectification.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jixiao.core.evaluation.config import DEFAULT_CONFIG, EvaluationConfig

#: Where a rectification comes from, with its Chinese name.
SOURCES: dict[str, str] = {
    "monitoring": "运行监控偏差",
    "evaluation": "绩效自评结果",
    "review": "审核发现问题",
    "recheck": "自评复核",
}

OPEN = "open"
ANSWERED = "answered"
ACCEPTED = "accepted"
RETURNED = "returned"
#: Rectification statuses in workflow order, with their Chinese names.
STATUSES: dict[str, str] = {
    OPEN: "待整改",
    ANSWERED: "已报送整改情况",
    RETURNED: "退回重新整改",
    ACCEPTED: "已验收",
}
#: Statuses in which the unit owes an answer (and can be overdue).
AWAITING_UNIT: tuple[str, ...] = (OPEN, RETURNED)

#: Default share of evaluated projects a bureau re-checks, and the difference in points that
#: opens a rectification.
DEFAULT_RECHECK_SHARE = Decimal("0.1")
DEFAULT_RECHECK_THRESHOLD = Decimal(10)


def rectify_below_grade(config: EvaluationConfig = DEFAULT_CONFIG) -> str:
    """The lowest passing grade of ``config``'s bands (良 by default, domain.md §8: 良 and up
    pass); grades below it open a rectification after self-evaluation."""
    return config.grade_bands[min(1, len(config.grade_bands) - 1)][0]


def grade_needs_rectification(grade: str, config: EvaluationConfig = DEFAULT_CONFIG) -> bool:
    """Whether a self-evaluation ``grade`` (a band name of ``config``) is below the pass."""
    names = [name for name, _ in config.grade_bands]
    return names.index(grade) > names.index(rectify_below_grade(config))


#: The pass grade of the default bands (see `rectify_below_grade` for another config).
RECTIFY_BELOW_GRADE = rectify_below_grade()


def is_overdue(status: str, due: date, today: date) -> bool:
    """An item is overdue when the unit still owes an answer after its due date."""
    return status in AWAITING_UNIT and due < today


def days_left(due: date, today: date) -> int:
    return (due - today).days


def sample_size(population: int, share: Decimal) -> int:
    """At least one project when there is any; ``share`` of them rounded up."""
    if population <= 0:
        return 0
    if not Decimal(0) < share <= Decimal(1):
        raise ValueError("抽查比例应在 0 到 1 之间（如 0.1 表示 10%）")
    return max(1, min(population, math.ceil(population * share)))


#: A re-check draw's random seed: a non-negative integer of at most 9 digits (one a reviewer
#: can note down and type again to reproduce the draw).
MAX_SEED = 10**9 - 1
SEED_RULE = "随机种子应为不超过 9 位的非负整数"


def draw_sample(
    ids: Sequence[int], share: Decimal, seed: int, drawn: Iterable[int] = ()
) -> list[int]:
    """A reproducible random sample of ``ids`` less those already ``drawn`` for the same
    year: the same ids, drawn, share and seed give the same draw. A ``ValueError`` when
    every id was drawn already, when there is none, or for a seed out of `MAX_SEED`."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"{SEED_RULE}，不是“{seed}”")
    if not ids:
        raise ValueError("还没有已填写绩效自评的项目，无法抽取")
    population = sorted(set(ids) - set(drawn))
    if ids and not population:
        raise ValueError("本年度已自评的项目都已抽取过复核，没有可以再抽取的项目")
    n = sample_size(len(population), share)
    return sorted(random.Random(seed).sample(population, n))


@dataclass(frozen=True)
class RecheckResult:
    unit_score: Decimal | None
    bureau_score: Decimal
    difference: Decimal | None
    needs_rectification: bool


def compare_scores(
    unit_score: Decimal | None,
    bureau_score: Decimal,
    threshold: Decimal = DEFAULT_RECHECK_THRESHOLD,
) -> RecheckResult:
    """The bureau's re-score against the unit's own: a gap of ``threshold`` points or more
    (or a unit that never scored) opens a rectification."""
    if unit_score is None:
        return RecheckResult(None, bureau_score, None, True)
    diff = unit_score - bureau_score
    return RecheckResult(unit_score, bureau_score, diff, abs(diff) >= threshold)


def rescore_opens_rectification(
    result: RecheckResult, previously_crossed: bool, linked_status: str | None
) -> bool:
    """Whether recording ``result`` opens a rectification. A re-check may be re-scored (the
    previous score kept in the audit log); ``previously_crossed``: the score it replaces was
    itself at or over the gap; ``linked_status``: the status of the rectification the
    re-check opened before (None: none).

    - under the gap: never (a rectification already open is left alone: the unit answers
      it and the bureau accepts it, not a change of score);
    - over it: when none was opened, or when the one opened is accepted (closed) and this
      score newly crosses the gap (the previous score was under it); never a second one
      while one is open, nor again for the gap an accepted one already dealt with."""
    if not result.needs_rectification:
        return False
    if linked_status is None:
        return True
    return linked_status == ACCEPTED and not previously_crossed
