"""Drawing documents: units, projects, plans, goals and indicators from one seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.amounts import parse_percent
from jixiao.core.generate.vocabulary import (
    COPIED_INDICATOR,
    NEW_TAXONOMY,
    OLD_TAXONOMY,
    PLACE_HEADS,
    PLACE_TAILS,
    PROVINCES,
    UNIT_KINDS,
    IndicatorTemplate,
    Sector,
    sectors,
)
from jixiao.core.model import (
    PLAN_MONTHS,
    Budget,
    Document,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Unit,
)
from jixiao.core.numbering import format_goals
from jixiao.core.targets import parse_target

#: Units per finance region (a county or district).
UNITS_PER_REGION = 40
_SYMBOL = {">=": "≥", "<=": "≤", "=": "＝", ">": "＞", "<": "＜"}
_QUALITATIVE = ("达成年度指标", "有效保障", "明显改善", "优", "良好")
_MEASURES = (
    "加强组织领导，明确绩效管理责任分工",
    "严格预算执行，按计划进度拨付资金",
    "开展绩效运行监控，及时纠正偏差",
    "规范资金管理，接受审计和社会监督",
    "做好绩效自评，强化结果应用",
)
#: Plan shapes (cumulative % at March, June, October, December); blanks are drawn later.
_PLANS = (
    (25, 50, 80, 100),
    (20, 45, 75, 100),
    (30, 60, 90, 100),
    (10, 40, 70, 100),
    (0, 30, 100, 100),
    (50, 100, 100, 100),
    (0, 0, 0, 100),
    (100, 100, 100, 100),
)


@dataclass(frozen=True)
class GeneratorOptions:
    """What to generate. Probabilities are shares, not money (floats are fine here)."""

    units: int
    projects_per_unit: int
    seed: int = 0
    year: int = 2024
    #: Share of documents kept in 元 instead of 万元.
    yuan_share: float = 0.15
    #: Share of units that copy a template effect indicator into many projects.
    copy_share: float = 0.2
    #: Share of indicator rows with a defect a reviewer would flag.
    defect_rate: float = 0.04
    #: Share of projects without a spending plan.
    no_plan_share: float = 0.03


def generate_documents(opts: GeneratorOptions) -> Iterator[Document]:
    """One document per unit, in unit order. Each unit has its own random stream, so any
    unit can be regenerated alone (``generate_unit``) and the output never depends on how
    many units come before it."""
    for u in range(opts.units):
        yield generate_unit(opts, u)


def region_of(opts: GeneratorOptions, u: int) -> tuple[str, str]:
    """(finance region code, county name) of unit ``u``."""
    r = u // UNITS_PER_REGION
    prov_code, prov_name = PROVINCES[r % len(PROVINCES)]
    city, county = divmod(r // len(PROVINCES), 99)
    code = f"{prov_code}{city % 99 + 1:02d}{county + 1:02d}"
    rng = random.Random(f"{opts.seed}:region:{r}")
    county_name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS) + rng.choice(("县", "区", "市"))
    return code, prov_name + county_name


def unit_code_of(u: int) -> str:
    """Six digits: a three-digit department and a three-digit serial (unique below 900,000)."""
    return f"{100 + u // 1000:03d}{u % 1000:03d}"


def generate_unit(opts: GeneratorOptions, u: int) -> Document:
    rng = random.Random(f"{opts.seed}:unit:{u}")
    region_code, county = region_of(opts, u)
    kind, kind_sectors = UNIT_KINDS[rng.randrange(len(UNIT_KINDS))]
    place = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
    name = county + kind.format(place=place, county="", n=rng.randint(1, 9))
    code = unit_code_of(u)
    money_unit = "元" if rng.random() < opts.yuan_share else "万元"
    taxonomy = NEW_TAXONOMY if rng.random() < 0.5 else OLD_TAXONOMY
    copies = rng.random() < opts.copy_share
    catalogue = sectors()
    projects: list[Project] = []
    summaries: list[ProjectSummary] = []
    used_names: set[str] = set()
    for seq in range(1, opts.projects_per_unit + 1):
        sector = catalogue[kind_sectors[0] if seq == 1 else rng.choice(kind_sectors)]
        p = _project(rng, opts, sector, taxonomy, money_unit, seq, region_code, code, copies)
        while p.name in used_names:
            p.name += "（续）"
        used_names.add(p.name)
        p.title = f"{seq}.{p.name}绩效目标表"
        projects.append(p)
        total = p.budget.total or Decimal(0)
        summaries.append(
            ProjectSummary(seq, p.name, f"{p.name}：安排资金{total}{money_unit}，{p.purpose or ''}")
        )
    goals = _overall_goals(rng, [catalogue[k] for k in kind_sectors])
    return Document(
        unit=Unit(code, name),
        year=opts.year,
        money_unit=money_unit,
        overall_goals=goals,
        project_summaries=summaries,
        measures=rng.sample(_MEASURES, rng.randint(3, len(_MEASURES))),
        projects=projects,
    )


def _overall_goals(rng: random.Random, secs: list[Sector]) -> list[str]:
    pool = sorted({g for s in secs for g in s.goals})
    return rng.sample(pool, min(len(pool), rng.randint(3, 6)))


def _amount(rng: random.Random, money_unit: str) -> Decimal:
    """A skewed budget: median about 30 万元, a long tail of large projects."""
    wan = min(max(rng.lognormvariate(3.4, 1.3), 0.5), 50000.0)
    value = Decimal(repr(round(wan, 2))).quantize(Decimal("0.01"))
    return value * 10000 if money_unit == "元" else value


def _project(
    rng: random.Random,
    opts: GeneratorOptions,
    sector: Sector,
    taxonomy: dict[str, tuple[str, str]],
    money_unit: str,
    seq: int,
    region_code: str,
    unit_code: str,
    copies: bool,
) -> Project:
    i = rng.randrange(len(sector.names))
    stem = sector.names[i]
    name = stem + rng.choice(("", "", "项目", "经费", "专项资金"))
    n = rng.choice((3, 8, 12, 25, 60, 150, 400, 1200))
    if i < len(sector.purposes):  # purposes are listed in the order of the names they fit
        purpose = sector.purposes[i].format(n=n)
    else:
        purpose = f"保障{stem}工作顺利开展，用于{stem}相关支出"
    total = _amount(rng, money_unit)
    if rng.random() < 0.25:
        other = (total * Decimal(rng.choice((10, 20, 30, 50))) / 100).quantize(Decimal("0.01"))
        budget = Budget(total, total - other, other)
    else:
        budget = Budget(total, total, None)
    code = f"{region_code}{opts.year % 100:02d}P{unit_code}{seq:06d}"
    indicators = _indicators(rng, opts, sector, taxonomy, copies)
    goals = rng.sample(sector.goals, rng.randint(2, len(sector.goals)))
    return Project(
        seq=seq,
        code=code,
        name=name,
        budget=budget,
        purpose=purpose,
        spending_plan=_plan(rng, opts),
        goals=goals,
        indicators=indicators,
        goals_text=format_goals(goals),
    )


def _plan(rng: random.Random, opts: GeneratorOptions) -> SpendingPlan:
    months = PLAN_MONTHS
    if rng.random() < opts.no_plan_share:
        return SpendingPlan([PlanCell(m, None, None) for m in months])
    shape = list(rng.choice(_PLANS))
    cells = []
    for i, (month, pct) in enumerate(zip(months, shape, strict=True)):
        blank = pct == 0 or (i < 3 and pct == shape[i - 1] and i > 0) or rng.random() < 0.08
        if blank and i < 3:
            cells.append(PlanCell(month, None, None))
        else:
            text = f"{pct}%"
            cells.append(PlanCell(month, text, parse_percent(text)))
    return SpendingPlan(cells)


def _indicators(
    rng: random.Random,
    opts: GeneratorOptions,
    sector: Sector,
    taxonomy: dict[str, tuple[str, str]],
    copies: bool,
) -> list[Indicator]:
    templates = list(sector.indicators)
    want = rng.randint(3, min(12, len(templates)))
    output = [t for t in templates if t.kind in ("quantity", "quality", "timeliness", "cost")]
    effect = [t for t in templates if t.kind in ("economic", "social", "ecological", "sustainable")]
    satisfied = [t for t in templates if t.kind == "satisfaction"]
    chosen = [rng.choice(output)]
    if effect:
        chosen.append(rng.choice(effect))
    if satisfied and want > 2:
        chosen.append(satisfied[0])
    rest = [t for t in templates if t not in chosen]
    chosen += rng.sample(rest, max(0, want - len(chosen)))
    order = {k: i for i, k in enumerate(taxonomy)}
    chosen.sort(key=lambda t: (_level1_rank(taxonomy[t.kind][0]), order[t.kind]))
    rows = [_indicator(rng, opts, t, taxonomy) for t in chosen]
    if copies and rng.random() < 0.6:
        kind, name, unit, comparator = COPIED_INDICATOR
        copied = IndicatorTemplate(
            kind, name, unit, comparator, Decimal(0), Decimal(0), 0, "其他标准"
        )
        at = next((i for i, r in enumerate(rows) if r.level1 == "满意度指标"), len(rows))
        rows.insert(at, _indicator(rng, opts, copied, taxonomy, defects=False))
    return rows


def _level1_rank(level1: str) -> int:
    return ("产出指标", "成本指标", "效益指标", "满意度指标").index(level1)


def _indicator(
    rng: random.Random,
    opts: GeneratorOptions,
    t: IndicatorTemplate,
    taxonomy: dict[str, tuple[str, str]],
    *,
    defects: bool = True,
) -> Indicator:
    level1, level2 = taxonomy[t.kind]
    basis: str | None = t.basis
    if t.comparator == "qualitative":
        text = rng.choice(_QUALITATIVE)
    else:
        step = Decimal(1).scaleb(-t.decimals)
        span = int((t.high - t.low) / step)
        value = (t.low + step * rng.randint(0, span)).quantize(step)
        text = f"{_SYMBOL[t.comparator]}{value}{t.unit}"
    name = t.name
    if defects and rng.random() < opts.defect_rate:
        defect = rng.randrange(5)
        if defect == 0 and t.unit:
            text = text[: -len(t.unit)]  # the unit of measure left out
        elif defect == 1:
            basis = None
        elif defect == 2:
            basis = "年底实际情况"
        elif defect == 3:
            text = "1"
        else:
            name = level2  # the 三级 name repeats the 二级
    description = f"反映{t.name}情况" if rng.random() < 0.85 else t.name
    return Indicator(level1, level2, name, description, parse_target(text), basis)
