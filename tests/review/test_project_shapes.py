"""The engine calls a project rule only on projects whose shape has the bits the rule
needs (`ProjectRule.needs`, rules/_project_shape.py): no rule may fire on a project it
would skip.

Every project rule runs unfiltered over a cross product of awkward budgets, plans, codes,
purposes and targets, and over the seed and generated documents.
"""

from __future__ import annotations

import itertools
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.model import Budget, Document, Indicator, PlanCell, Project, SpendingPlan, Unit
from jixiao.core.review import Report, load_profile, profile_from_dict, review
from jixiao.core.review.rule import Context, ProjectRule
from jixiao.core.review.rules._facts import (
    ATYPICAL,
    CODE_LENGTH,
    DEADLINE,
    FEW_GOALS,
    FEW_INDICATORS,
    LEVEL1_MISSING,
    OUTPUT_INCOMPLETE,
    SELF_EVALUATION,
)
from jixiao.core.review.rules._project_shape import project_shape
from jixiao.core.targets import parse_target

D = Decimal
CASES = Path(__file__).parent / "cases"
BUDGETS = [
    Budget(None),
    Budget(D("10")),
    Budget(D("10"), D("8"), D("2")),
    Budget(D("10"), D("8")),
    Budget(D("10"), None, None, D("10")),
    Budget(D("0")),
    Budget(D("-1"), D("-1")),
    Budget(D("5"), D("6"), D("-1")),
    Budget(None, D("3")),
]
PLANS = [
    [],
    [(3, None), (6, None), (9, None), (12, None)],
    [(3, "25"), (6, "50"), (9, "75"), (12, "100")],
    [(3, "25"), (6, None), (9, "75"), (12, "100")],
    [(3, "50"), (6, "40"), (9, "75"), (12, "100")],
    [(3, "0"), (6, "0"), (9, "0"), (12, "100")],
    [(3, None), (6, None), (9, None), (12, "100.0")],
    [(3, "25"), (6, "50"), (9, "75"), (12, "90")],
    [(3, "25"), (6, "150"), (9, "75"), (12, "100")],
    [(6, "0"), (12, "100")],
    [(3, "0"), (6, "0"), (9, "100")],
    [(3, "-5"), (12, "100")],
]
CODES = [None, "", " ", "13021322P00000410179E", "13021323P0000041017"]
PURPOSES = [None, "", " \u3000", "购置防汛物资"]
TARGETS = [
    [],
    [("≥3个", None)],
    [("≤8万元", None), ("≥20台", "≥30台")],
    [("≤20000元", None), ("≥40台", "≥30台")],
    [("≥2亿元", "≥1亿元")],
    [("≤6万元", None), ("≤6万元", None)],  # each within a budget of 10, over it together
    [("≤0万元", None)],  # a cost of nothing on a budget
    [("≥30%", None)],  # a satisfaction below its typical range (R100)
    [("≥20处", None)],  # more premises than a budget of 10 rents (R100)
    # A deadline in the next year (R106), output quality and timeliness (R011), benefit
    # and satisfaction rows (R010), a topic the project does not name (R110).
    [("2023年6月30日前", None), ("≥95%", None), ("≥90%", None), ("=100%", None)],
    [("≥3个", None), ("≥95%", None), ("2022年6月30日前", None), ("≥90%", None)],
]
GOALS = [["购置防汛物资"], [], ["购置防汛物资", "确保安全度汛"]]
#: Levels and name of the row with a target in % (or a date), by target.
ROWS = {
    "≥95%": ("产出指标", "质量指标", "验收合格率"),
    "≥90%": ("满意度指标", "服务对象满意度指标", "服务对象满意度"),
    "≥30%": ("满意度指标", "服务对象满意度指标", "服务对象满意度"),
    "≥20处": ("产出指标", "数量指标", "办公场所租用数量"),
    "=100%": ("效益指标", "社会效益指标", "消防设施覆盖率"),
    "2023年6月30日前": ("产出指标", "时效指标", "项目完成时间"),
    "2022年6月30日前": ("产出指标", "时效指标", "项目完成时间"),
}


def _indicators(targets: list[tuple[str, str | None]]) -> list[Indicator]:
    return [
        Indicator(
            *ROWS.get(
                t,
                ("成本指标", "经济成本指标", "设备购置成本")
                if "元" in t
                else ("产出指标", "数量指标", "购置设备台数"),
            ),
            "",
            parse_target(t),
            "计划标准",
            midterm=m,
        )
        for t, m in targets
    ]


def _awkward() -> Document:
    projects = []
    for n, (budget, plan, code, purpose, targets) in enumerate(
        itertools.product(BUDGETS, PLANS, CODES, PURPOSES, TARGETS), 1
    ):
        cells = [PlanCell(m, x, None if x is None else D(x)) for m, x in plan]
        projects.append(
            Project(
                n,
                code,
                f"项目{n}",
                budget,
                purpose,
                SpendingPlan(cells),
                GOALS[n % len(GOALS)],
                _indicators(targets),
            )
        )
    return Document(Unit(None, "测试单位"), 2022, projects=projects)


def _assert_no_rule_fires_where_skipped(docs: list[Document]) -> Counter[str]:
    rules = [r for r in load_profile().rules if isinstance(r, ProjectRule)]
    wanted = 0
    for r in rules:
        wanted |= r.needs
    fired: Counter[str] = Counter()
    for doc in docs:
        ctx = Context(doc)
        for r in load_profile().rules:
            r.prepare(ctx)
        for p in doc.projects:
            shape = project_shape(ctx, p, wanted)
            for rule in rules:
                if not rule.check(ctx, p):
                    continue
                fired[rule.code] += 1
                assert rule.needs & shape == rule.needs, (rule.code, p)
    return fired


def test_no_project_rule_fires_on_a_project_of_a_shape_it_skips() -> None:
    fired = _assert_no_rule_fires_where_skipped([_awkward()])
    for r in load_profile().rules:
        if isinstance(r, ProjectRule) and r.needs and not r.needs & (SELF_EVALUATION | DEADLINE):
            assert fired[r.code], r.code  # the others fire on the cases below


def test_no_project_rule_fires_where_skipped_on_real_documents(seed_doc) -> None:
    # The real layouts (tests/corpus) are checked by `bench.check_same` with
    # CHECK_CORPUS=1: reading them all would make this test slow.
    docs = [seed_doc, *generate_documents(GeneratorOptions(units=8, projects_per_unit=20, seed=9))]
    assert _assert_no_rule_fires_where_skipped(docs).total() > 500


def test_no_project_rule_fires_where_skipped_on_the_rule_cases(build_case) -> None:
    # Every rule's cases (tests/review/cases): the self-evaluation rules, gated on a
    # document that states scores, weights, actual values or an execution line, and R107,
    # gated on a target that writes a year, fire there.
    docs = []
    for path in sorted(CASES.glob("R*.toml")):
        cases = tomllib.loads(path.read_text(encoding="utf-8"))
        docs += [build_case(c) for c in cases.get("fail", []) + cases.get("pass", [])]
    fired = _assert_no_rule_fires_where_skipped(docs)
    for code in ("R106", "R107", "R120", "R121", "R122", "R123", "R124", "R125", "R126"):
        assert fired[code], code


def test_a_goal_table_skips_the_self_evaluation_rules() -> None:
    doc = _awkward()
    shape = project_shape(Context(doc), doc.projects[0], SELF_EVALUATION)
    assert not shape & SELF_EVALUATION
    doc.projects[0].indicators = _indicators([("≥3个", None)])
    doc.projects[0].indicators[0].actual = "5个"
    assert project_shape(Context(doc), doc.projects[1], SELF_EVALUATION) & SELF_EVALUATION


def test_the_project_shape_skips_rules() -> None:
    # A tidy project (budget with parts, a full plan, a code and a purpose) meets only some
    # of the project rules.
    profile = load_profile()
    checks = profile.scopes[1]
    p = Project(
        1,
        "13021322P00000410179E",
        "防汛物资",
        Budget(D("10"), D("10")),
        "购置防汛物资",
        SpendingPlan([PlanCell(6, "50", D("50")), PlanCell(12, "100", D("100"))]),
        ["购置防汛物资"],
        _indicators([("≥3个", None)]),
    )
    shape = project_shape(Context(Document(Unit(None, "测试单位"), 2022, projects=[p])), p, -1)
    able = [c for c in checks if c.__self__.needs & shape == c.__self__.needs]
    assert len(able) <= len(checks) - 10


def test_rules_gated_by_default_thresholds_run_everywhere_under_others() -> None:
    # R010, R011, R012, R051 and R081 are gated by bits read with the default thresholds:
    # a profile with others runs them on every project, and they fire where the defaults
    # would skip them.
    profile = profile_from_dict(
        {
            "thresholds": {
                "required_level1": ["产出指标", "效益指标", "满意度指标", "成本指标"],
                "output_required_level2": ["数量指标", "质量指标", "时效指标"],
                "min_indicators": 5,
                "min_goals": 3,
                "code_length": 19,
            }
        }
    )
    rows = [("≥95%", None), ("2022年6月30日前", None), ("=100%", None), ("≥90%", None)]
    p = Project(
        1,
        "13021322P00000410179E",
        "项目",
        Budget(D("10")),
        "用途",
        SpendingPlan([]),
        ["购置防汛物资", "确保安全度汛"],
        _indicators(rows),
    )
    doc = Document(Unit(None, "测试单位"), 2022, projects=[p])
    gated = LEVEL1_MISSING | OUTPUT_INCOMPLETE | FEW_INDICATORS | FEW_GOALS | CODE_LENGTH
    assert project_shape(Context(doc), p, -1) & gated == 0
    fired = {f.rule for f in review(doc, profile).findings}
    assert {"R010", "R011", "R012", "R051", "R081"} <= fired


def test_project_rules_gated_by_their_rows_run_without_indicator_rules() -> None:
    # The engine reads the project's rows from its pass over them; a profile without
    # indicator rules makes no such pass, and the rows' shapes are derived for the gate.
    doc = _awkward()
    profile = load_profile()
    projects_only = profile_from_dict({"rules": {"disable": [r.code for r in profile.scopes[0]]}})
    kept = {check.__self__.code for check in profile.scopes[1]}

    def project_findings(report: Report) -> list[tuple[object, ...]]:
        return [
            (f.rule, f.project_seq, f.indicator, f.message)
            for f in report.findings
            if f.rule in kept and f.project_seq is not None
        ]

    alone = project_findings(review(doc, projects_only))
    assert alone == project_findings(review(doc))
    assert {"R010", "R011", "R015", "R101", "R106", "R110"} <= {f[0] for f in alone}


def test_r100_runs_on_every_project_when_given_history() -> None:
    # R100 is gated on a row outside the library's typical range (ATYPICAL); with history
    # it judges any row against the values approved before, so history opens the gate.
    p = Project(
        1,
        "13021322P00000410179E",
        "防汛物资",
        Budget(D("10"), D("10")),
        "购置防汛物资",
        SpendingPlan([]),
        ["购置防汛物资"],
        _indicators([("≥20台", None)]),
    )
    doc = Document(Unit(None, "测试单位"), 2022, projects=[p])
    assert not project_shape(Context(doc), p, ATYPICAL) & ATYPICAL
    assert "R100" not in {f.rule for f in review(doc).findings}
    history = {("购置设备台数", "台"): [D(3), D(3), D(4), D(3), D(3)]}
    assert "R100" in {f.rule for f in review(doc, history=history).findings}
