"""Year-end self-evaluation (绩效自评): scoring by domain.md §6, grades and roll-ups.

Rules and decisions: docs/evaluation.md. Entry points: `read_actuals`, `read_budgets`,
`evaluate`, `rollup` (and the `RollupSums` it is made of); `score_department` for the department indicator table; `format` turns a report into JSON or text.
"""

from jixiao.core.evaluation.config import DEFAULT_CONFIG, EvaluationConfig
from jixiao.core.evaluation.department import (
    DEPARTMENT,
    DepartmentExecution,
    UnitResult,
    department_execution,
    score_department,
    unit_result,
)
from jixiao.core.evaluation.inputs import (
    Actual,
    BudgetRecord,
    read_actuals,
    read_actuals_bytes,
    read_budgets,
    read_budgets_bytes,
)
from jixiao.core.evaluation.report import (
    COMPLETE,
    NOT_STARTED,
    PROVISIONAL,
    STATUS_LABELS,
    EvaluationReport,
    LineScore,
    ProjectScore,
    ReasonRequired,
    Rollup,
    RollupSums,
    describe_missing,
    evaluate,
    indicator_weights,
    reason_label,
    rollup,
    rollup_from_sums,
    rollup_sums,
    score_project,
)
from jixiao.core.evaluation.scoring import category_of, score_line

__all__ = [
    "COMPLETE",
    "DEFAULT_CONFIG",
    "DEPARTMENT",
    "NOT_STARTED",
    "PROVISIONAL",
    "STATUS_LABELS",
    "Actual",
    "BudgetRecord",
    "DepartmentExecution",
    "EvaluationConfig",
    "EvaluationReport",
    "LineScore",
    "ProjectScore",
    "ReasonRequired",
    "Rollup",
    "RollupSums",
    "UnitResult",
    "category_of",
    "department_execution",
    "describe_missing",
    "evaluate",
    "indicator_weights",
    "read_actuals",
    "read_actuals_bytes",
    "read_budgets",
    "read_budgets_bytes",
    "reason_label",
    "rollup",
    "rollup_from_sums",
    "rollup_sums",
    "score_department",
    "score_line",
    "score_project",
    "unit_result",
]
