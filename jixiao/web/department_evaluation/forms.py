"""The department self-evaluation form: the project form's per-indicator inputs, without
the budget figures (the department's are the projects' roll-up)."""

from __future__ import annotations

from typing import Any

from jixiao.web.monitoring.forms import EvaluationForm

ROLLED_UP = ("budget_initial", "budget_adjusted", "executed")


class DepartmentEvaluationForm(EvaluationForm):
    def __init__(self, data: Any, *, count: int) -> None:
        super().__init__(data, count=count)
        for name in ROLLED_UP:
            del self.fields[name]
