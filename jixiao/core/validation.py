"""The bounds of `jixiao.core.bounds` applied to a whole project or document.

`project_problems` and `document_problems` list every value out of bounds as
``(field path, Chinese message)``; the readers, the import, the API and the edit form refuse
what they list. Paths are the editing vocabulary (``budget.total``, ``spending_plan[2]``,
``indicators[3].target``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from typing import cast

from jixiao.core.amounts import MONEY_UNITS, unit_size
from jixiao.core.bounds import (
    MAX_AMOUNT_YUAN,
    MAX_DECIMALS,
    MAX_PERCENT,
    TEXT_LIMITS,
    check_amount,
    check_percent,
    check_text,
    check_year,
)
from jixiao.core.errors import ReadError
from jixiao.core.model import Document, Indicator, Project

Problem = tuple[str, str]

_BUDGET = {"total": "预算数", "fiscal": "财政资金", "other": "其他资金"}
_PROJECT_TEXTS = (
    ("code", "项目编码", "code"),
    ("name", "项目名称", "name"),
    ("title", "标题", "title"),
    ("purpose", "资金用途", "long"),
    ("goals_text", "绩效目标", "long"),
)
_INDICATOR_TEXTS = (
    ("level1", "一级指标", "name"),
    ("level2", "二级指标", "name"),
    ("name", "三级指标", "name"),
    ("description", "绩效指标描述", "long"),
    ("basis", "指标值确定依据", "cell"),
    ("actual", "实际完成值", "cell"),
    ("deviation_reason", "偏差原因分析", "long"),
    ("midterm", "中期目标", "long"),
    ("scoring_rule", "评分标准", "long"),
)


def _check(label: str, call: Callable[..., object], *args: object) -> Iterator[str]:
    try:
        call(*args)
    except ValueError as e:
        yield f"{label}：{e}"


# `_within` spells these kinds out field by field.
assert [k for _, _, k in _PROJECT_TEXTS] == ["code", "name", "title", "long", "long"]
assert [k for _, _, k in _INDICATOR_TEXTS] == [
    "name",
    "name",
    "name",
    "long",
    "cell",
    "cell",
    "long",
    "long",
    "long",
]


def _fit(texts: tuple[object, ...] | list[str], limit: int) -> bool:
    """Every text is None or a ``str`` of at most ``limit`` characters."""
    return all(t is None or (t.__class__ is str and len(t) <= limit) for t in texts)  # type: ignore[arg-type]


#: Every text field `_within` checks on an indicator (`_INDICATOR_TEXTS` and the target).
_INDICATOR_TEXTS_OF = attrgetter(*(attr for attr, _, _ in _INDICATOR_TEXTS), "target.text")
_WEIGHT_OF = attrgetter("weight")
_NONE = type(None)
#: The smallest text limit but the code's: a text this short fits every field.
_SHORT = min(v for k, v in TEXT_LIMITS.items() if k != "code")
#: Amount limits (exclusive) by money unit size.
_AMOUNT_LIMITS: dict[Decimal, Decimal] = {}


def _amount_limit(size: Decimal) -> Decimal:
    """The (exclusive) bound of `check_amount` for a money unit of ``size`` 元."""
    limit = _AMOUNT_LIMITS.get(size)
    if limit is None:
        limit = _AMOUNT_LIMITS.setdefault(size, MAX_AMOUNT_YUAN / size)
    return limit


def _plain(value: object, below: Decimal, inclusive: bool) -> bool:
    """``value`` is a finite, non-negative ``Decimal`` below ``below`` (or equal to it when
    ``inclusive``) with at most `MAX_DECIMALS` decimals: what `check_amount` and
    `check_percent` accept, decided without building their messages."""
    return (
        isinstance(value, Decimal)
        and value.__class__ is Decimal
        and value.is_finite()
        and value >= 0
        and (value <= below if inclusive else value < below)
        and int(value.as_tuple().exponent) >= -MAX_DECIMALS  # finite: an int
    )


def _quick(project: Project, size: Decimal) -> bool:
    """True only when `_within` is: every value plainly in bounds (texts of `str` no longer
    than the shortest limit, amounts and percentages plain). C-level scans over the whole
    project; anything else is left to `_within`."""
    try:
        limit = _amount_limit(size)
        b = project.budget
        for value in (b.total, b.fiscal, b.other):
            if value is not None and not _plain(value, limit, False):
                return False
        p = project
        cells = p.spending_plan.cells
        for c in cells:
            if c.percent is not None and not _plain(c.percent, MAX_PERCENT, True):
                return False
        if not (p.code is None or (p.code.__class__ is str and len(p.code) <= TEXT_LIMITS["code"])):
            return False
        indicators = p.indicators
        texts = [p.name, p.title, p.purpose, p.goals_text, *p.goals, *[c.text for c in cells]]
        texts += chain.from_iterable(map(_INDICATOR_TEXTS_OF, indicators))
        return (
            set(map(type, texts)) <= {str, _NONE}
            and max(map(len, filter(None, texts)), default=0) <= _SHORT
            and (not indicators or set(map(_WEIGHT_OF, indicators)) == {None})
        )
    except Exception:  # anything odd is `_within`'s to judge
        return False


def _within(project: Project, size: Decimal, money_unit: str) -> bool:
    """Whether every value of ``project`` is within bounds: the common case, decided
    without building a message per field (a reader checks every project it reads).
    Anything unusual (a text that is not a ``str``) is left to the full pass."""
    name, long, cell = TEXT_LIMITS["name"], TEXT_LIMITS["long"], TEXT_LIMITS["cell"]
    try:
        budget = project.budget
        for value in (budget.total, budget.fiscal, budget.other):
            if value is not None and (value < 0 or check_amount(value, money_unit, size) is None):
                return False
        for c in project.spending_plan.cells:
            if c.percent is not None:
                check_percent(c.percent)
            if not _fit((c.text,), cell):
                return False
        p = project
        if not (
            _fit((p.code,), TEXT_LIMITS["code"])
            and _fit((p.name,), name)
            and _fit((p.title,), TEXT_LIMITS["title"])
            and _fit((p.purpose, p.goals_text), long)
            and _fit(p.goals, long)
        ):
            return False
        for i in project.indicators:
            if not (
                _fit((i.level1, i.level2, i.name), name)
                and _fit((i.description, i.deviation_reason, i.midterm, i.scoring_rule), long)
                and _fit((i.basis, i.target.text, i.actual), cell)
            ):
                return False
            if i.weight is not None:
                check_percent(i.weight)
    except (ValueError, TypeError, AttributeError):
        return False  # the full pass below says what (or fails as it always did)
    return True


_ZERO = Decimal(0)


def _amounts_fit(project: Project, limit: Decimal) -> bool:
    """A plain project's amounts are not negative and below ``limit`` (`project_problems`)."""
    b = project.budget
    total, fiscal, other = b.total, b.fiscal, b.other
    return (
        (total is None or _ZERO <= total < limit)
        and (fiscal is None or _ZERO <= fiscal < limit)
        and (other is None or _ZERO <= other < limit)
    )


def project_problems(
    project: Project, money_unit: str = "万元", *, plain: bool = False
) -> list[Problem]:
    """Every value of ``project`` outside the bounds, amounts counted in ``money_unit``.

    ``plain``: the reader that built ``project`` has shown that all its values are plain
    (`read_plain`), so only the amounts' sign and size in ``money_unit`` are left to check.
    """
    out: list[Problem] = []
    try:
        size = unit_size(money_unit)
    except ValueError as e:
        return [("money_unit", str(e))]
    if plain and _amounts_fit(project, _amount_limit(size)):
        return out
    if _quick(project, size) or _within(project, size, money_unit):
        return out
    for key, label in _BUDGET.items():
        value: Decimal | None = getattr(project.budget, key)
        if value is None:
            continue
        if value < 0:
            out.append((f"budget.{key}", f"{label}：金额“{value}”不能为负数"))
        for m in _check(label, check_amount, value, money_unit, size):
            out.append((f"budget.{key}", m))
    for k, cell in enumerate(project.spending_plan.cells, 1):
        where = f"spending_plan[{k}]"
        label = f"资金支出计划（{cell.month}月底）"
        if cell.percent is not None:
            out += [(where, m) for m in _check(label, check_percent, cell.percent)]
        out += [(where, m) for m in _check(label, check_text, cell.text, "cell")]
    for attr, label, kind in _PROJECT_TEXTS:
        out += [(attr, m) for m in _check(label, check_text, getattr(project, attr), kind)]
    for k, goal in enumerate(project.goals, 1):
        out += [("goals", m) for m in _check(f"第 {k} 条绩效目标", check_text, goal, "long")]
    return out + indicator_problems(project.indicators)


def indicator_problems(indicators: list[Indicator]) -> list[Problem]:
    """Every value of an indicator table outside the bounds (a project's, or the
    department's 部门整体绩效目标表), paths ``indicators[k].<field>``."""
    out: list[Problem] = []
    for k, ind in enumerate(indicators, 1):
        where = f"indicators[{k}]"
        for attr, label, kind in _INDICATOR_TEXTS:
            text = getattr(ind, attr)
            out += [
                (f"{where}.{attr}", m)
                for m in _check(f"第 {k} 个指标的{label}", check_text, text, kind)
            ]
        out += [
            (f"{where}.target", m)
            for m in _check(f"第 {k} 个指标的指标值", check_text, ind.target.text, "cell")
        ]
        if ind.weight is not None:
            out += [
                (f"{where}.weight", m)
                for m in _check(f"第 {k} 个指标的权重", check_percent, ind.weight)
            ]
    return out


def document_problems(doc: Document, plain: Collection[Project] = ()) -> list[Problem]:
    """Every value of ``doc`` outside the bounds; project paths start ``projects[n].``.

    ``plain``: projects of ``doc`` whose reader has shown their values plain (see
    `project_problems`); the others are checked in full."""
    out: list[Problem] = []
    if doc.money_unit not in MONEY_UNITS:
        out.append(("money_unit", f"不支持的金额单位“{doc.money_unit}”"))
        return out
    if doc.year is not None and (isinstance(doc.year, bool) or not isinstance(doc.year, int)):
        out.append(("year", f"预算年度“{doc.year}”应为整数"))
    elif doc.year is not None:
        out += [("year", m) for m in _check("预算年度", check_year, doc.year)]
    out += [("unit.code", m) for m in _check("单位编码", check_text, doc.unit.code, "code")]
    out += [("unit.name", m) for m in _check("单位名称", check_text, doc.unit.name, "name")]
    paragraphs = [*doc.overall_goals, *doc.measures]
    if not _texts_fit([*paragraphs, *[s.text for s in doc.project_summaries]], "long"):
        for k, text in enumerate(paragraphs, 1):
            out += [("overall_goals", m) for m in _check(f"第 {k} 段", check_text, text, "long")]
        for s in doc.project_summaries:
            out += [
                ("project_summaries", m)
                for m in _check(f"分项绩效目标 {s.seq}", check_text, s.text, "long")
            ]
    plain_ids = set(map(id, plain))
    limit = _amount_limit(MONEY_UNITS[doc.money_unit])
    for n, project in enumerate(doc.projects, 1):
        plainly = id(project) in plain_ids
        if plainly:
            # What `project_problems` decides first (`_amounts_fit`), without the calls.
            b = project.budget
            total, fiscal, other = b.total, b.fiscal, b.other
            if (
                (total is None or _ZERO <= total < limit)
                and (fiscal is None or _ZERO <= fiscal < limit)
                and (other is None or _ZERO <= other < limit)
            ):
                continue
        problems = project_problems(project, doc.money_unit, plain=plainly)
        if problems:
            name = f"第 {project.seq or n} 个项目（{(project.name or '')[:20]}）"
            out += [(f"projects[{n}].{path}", f"{name}{message}") for path, message in problems]
    return out


def _texts_fit(texts: list[object], kind: str) -> bool:
    """Every text is a ``str`` within ``TEXT_LIMITS[kind]``, checked in C-level scans."""
    try:
        return (
            set(map(type, texts)) <= {str}
            and max(map(len, cast(list[str], texts)), default=0) <= TEXT_LIMITS[kind]
        )
    except TypeError:  # pragma: no cover - the type test comes first
        return False


def check_document(
    doc: Document, file: str | None = None, plain: Collection[Project] = ()
) -> Document:
    """``doc`` when every value is within bounds, else `ReadError` with the first problem.
    ``plain`` as in `document_problems`."""
    problems = document_problems(doc, plain)
    if problems:
        more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
        raise ReadError(problems[0][1] + more, file=file)
    return doc
