"""Field accuracy of a read against a case's hand-written model.

Fields counted per file: the kind, unit name and code, year, money unit and the number of
projects; per expected project its name, code, budget total (normalised to 元, so 1.2 万元
and 12000 元 agree) and indicator count; per indicator its 一级, 二级, 三级 name, comparator,
value and unit; for self-evaluation tables the six execution figures and each indicator's
weight, actual value and score. Projects and indicators are matched in order. A refused
file scores 0 of the fields it should have had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.amounts import MONEY_UNITS
from jixiao.core.model import Document, Indicator
from tests.corpus.case import Case, Ind, Proj

EXECUTION_KEYS = ("budget_initial", "budget_adjusted", "executed", "rate", "weight", "score")


@dataclass
class Score:
    case: Case
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    refused: str | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 100.0

    def check(self, what: str, got: Any, want: Any) -> None:
        self.total += 1
        if got == want:
            self.right += 1
        else:
            self.misses.append(f"{what}: got {got!r}, want {want!r}")


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def _yuan(v: Decimal | str | None, unit: str) -> Decimal | None:
    if v is None:
        return None
    return (Decimal(v) * MONEY_UNITS.get(unit, Decimal(1))).normalize()


def _indicators(s: Score, where: str, got: list[Indicator], want: list[Ind]) -> None:
    s.check(f"{where} indicator count", len(got), len(want))
    for k, w in enumerate(want):
        g = got[k] if k < len(got) else None
        t = g.target if g is not None else None
        have = (
            (g.level1, g.level2, g.name, t.comparator, _dec(t.value), t.unit)
            if g is not None and t is not None
            else (None,) * 6
        )
        for label, a, b in zip(
            ("一级", "二级", "三级", "comparator", "value", "unit"), have, w, strict=True
        ):
            s.check(f"{where} #{k + 1} {label}", a if g is not None else "<missing>", b)


def _project(s: Score, doc: Document, k: int, want: Proj) -> None:
    where = f"project {k + 1}"
    got = doc.projects[k] if k < len(doc.projects) else None
    if got is None:
        n = 4 + 6 * len(want.indicators)
        if want.execution:
            n += len(EXECUTION_KEYS) + 3 * len(want.results or [])
        s.total += n
        s.misses.append(f"{where}: missing ({n} fields)")
        return
    s.check(f"{where} name", got.name, want.name)
    s.check(f"{where} code", got.code, want.code)
    s.check(
        f"{where} total (元)",
        _yuan(got.budget.total, doc.money_unit),
        _yuan(want.total, s.case.money_unit),
    )
    _indicators(s, where, got.indicators, want.indicators)
    if want.execution is not None:
        ex = getattr(got, "execution", None)
        for key in EXECUTION_KEYS:
            value = _dec(getattr(ex, key)) if ex is not None else "<missing>"
            s.check(f"{where} execution.{key}", value, want.execution[key])
    for i, (weight, actual, score) in enumerate(want.results or []):
        g = got.indicators[i] if i < len(got.indicators) else None
        s.check(f"{where} #{i + 1} weight", _dec(g.weight) if g else "<missing>", weight)
        s.check(f"{where} #{i + 1} actual", getattr(g, "actual", "<missing>"), actual)
        s.check(f"{where} #{i + 1} score", _dec(getattr(g, "score", None)) if g else None, score)


def score(case: Case, doc: Document | None, error: str | None = None) -> Score:
    s = Score(case)
    if doc is None:
        s.refused = error or "refused"
        s.total = (
            6
            + sum(
                4
                + 6 * len(p.indicators)
                + (len(EXECUTION_KEYS) + 3 * len(p.results or [])) * bool(p.execution)
                for p in case.projects
            )
            + (1 + 6 * len(case.department) if case.department else 0)
        )
        return s
    s.check("kind", getattr(doc, "kind", "goals"), case.kind)
    s.check("unit name", doc.unit.name, case.unit_name)
    s.check("unit code", doc.unit.code, case.unit_code)
    s.check("year", doc.year, case.year)
    s.check("money unit", doc.money_unit, case.money_unit)
    s.check("project count", len(doc.projects), len(case.projects))
    for k, p in enumerate(case.projects):
        _project(s, doc, k, p)
    if case.department:
        _indicators(s, "department", getattr(doc, "department_indicators", []), case.department)
    return s


def read_case(case: Case) -> Score:
    from jixiao.core.errors import JixiaoError
    from jixiao.core.formats import read_bytes

    try:
        doc = read_bytes(case.data(), case.filename)
    except JixiaoError as e:
        return score(case, None, str(e))
    return score(case, doc)


def table(scores: list[Score]) -> str:
    """The per-file accuracy table and the overall figure, as plain text."""
    lines = [f"{'file':<48} {'right':>6} {'total':>6} {'%':>7}"]
    for s in scores:
        flag = "  REFUSED: " + s.refused if s.refused else ""
        lines.append(f"{s.case.filename:<48} {s.right:>6} {s.total:>6} {s.percent:>6.1f}%{flag}")
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    refused = sum(1 for s in scores if s.refused)
    lines.append(
        f"{'overall':<48} {right:>6} {total:>6} {100.0 * right / total:>6.1f}%"
        f"  ({len(scores)} files, {refused} refused)"
    )
    return "\n".join(lines)
