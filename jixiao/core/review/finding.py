"""What a review rule reports: a `Finding`, plain data with a location and a suggested fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Severities, most serious first, with their Chinese labels.
SEVERITIES: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

#: Rule categories (domain.md §4), in display order.
CATEGORIES: tuple[str, ...] = ("完整性", "规范性", "相关性", "适当性", "可行性", "一致性")

#: Prefix of the ``field`` of a finding on a row of the 部门整体绩效目标表
#: (``department.indicator.target``): such a finding has no project, its ``indicator`` is
#: the row's number in that table (`engine.review`, docs/review.md).
DEPARTMENT = "department."


def field_label(field: str) -> str:
    """The Chinese label of a finding's ``field``, the department table's rows included."""
    if field.startswith(DEPARTMENT):
        inner = field[len(DEPARTMENT) :]
        return f"部门整体绩效目标表·{FIELDS.get(inner, inner)}"
    return FIELDS.get(field, field)


#: The fields a finding may point at. The web app shows a finding beside its field, so this
#: set is small and stable; ``indicator.*`` fields go with an ``indicator`` number.
FIELDS: dict[str, str] = {
    "code": "项目编码",
    "name": "项目名称",
    "budget.total": "预算数",
    "budget.fiscal": "财政资金",
    "budget.other": "其他资金",
    "budget.carryover": "上年结转资金",
    "purpose": "资金用途",
    "spending_plan": "资金支出计划",
    "goals": "绩效目标",
    "indicators": "绩效指标表",
    "indicator.level1": "一级指标",
    "indicator.level2": "二级指标",
    "indicator.name": "三级指标",
    "indicator.description": "绩效指标描述",
    "indicator.target": "指标值",
    "indicator.basis": "指标值确定依据",
    "summary": "分项绩效目标",
}


# Not frozen: a frozen dataclass's __init__ costs six times as much, and a review of a
# million indicators creates millions of findings. Treat findings as read-only all the same.
@dataclass(slots=True)
class Finding:
    """One review finding (审核意见).

    ``project_seq``/``project_code`` are ``None`` for document-wide findings; ``indicator``
    is the indicator's number within its project counted from 1, or ``None``. ``field`` is
    one of `FIELDS`. ``projects`` lists the projects a document-wide finding concerns (the
    projects that copy a template indicator); it is not part of the JSON shape, nor are
    ``places`` and ``habit`` (see `engine` on habits).

    ``suggestion`` (a property) is ``advice``, the fix as the rule words it, followed by
    what ``example`` derives when the suggestion is first read: the library example
    closest to the project (`rules._library.Example`). The review records which example
    (the 二级 and the project), not its text, so it does not rank library entries for
    findings nobody reads; every reader of ``suggestion`` gets the same full text.
    """

    rule: str
    severity: str
    category: str
    project_seq: int | None
    project_code: str | None
    indicator: int | None
    field: str
    message: str
    #: The suggestion as the rule words it, without the library example (`suggestion`).
    advice: str
    projects: tuple[int, ...] = ()
    #: For a document-wide habit: the (project seq, indicator number) places it covers.
    places: tuple[tuple[int | None, int | None], ...] = ()
    #: True on a per-row finding that a document-wide habit finding also reports: shown in
    #: the project view, left out of the document view and the counts.
    habit: bool = False
    #: Derives the end of the suggestion (a library example) when it is read; ``None``: none.
    example: Callable[[], str] | None = None

    @property
    def department(self) -> bool:
        """Whether the finding is about a row of the 部门整体绩效目标表."""
        return self.field.startswith(DEPARTMENT)

    @property
    def suggestion(self) -> str:
        """The concrete fix: ``advice`` and, derived now, its library example."""
        derive = self.example
        return self.advice if derive is None else self.advice + derive()

    def to_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in JSON_FIELDS}


#: The fields of a finding's JSON shape (`jixiao review --format json`, the API), in order.
JSON_FIELDS = (
    "rule",
    "severity",
    "category",
    "project_seq",
    "project_code",
    "indicator",
    "field",
    "message",
    "suggestion",
)
