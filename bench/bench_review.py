"""Review vs the text reader on the same generated corpus of ≥1,000,000 indicators.

The corpus is built in memory from the seed: each document takes 36 seed projects at
random and varies them (codes, names, targets, bases, spending plans, extra quality and
timeliness indicators, some template copies), so the rules meet a spread of defects and
clean rows. No row is copied: every indicator name carries its community and every
numeric target its own value (deterministic), as in a region's documents, so the engine's
memo of repeated rows does not help; "rows checked afresh" shows it. Each document is reviewed, then written in the seed's text layout with
``text_io.write_text`` and read back with the text reader; CPU time (one core) is summed
for reviewing and for reading only. ``BENCH_REVIEW_INDICATORS`` scales the corpus down for
a quick run.
"""

from __future__ import annotations

import gc
import io
import os
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from bench.common import Result
from jixiao.core.formats import read
from jixiao.core.formats.text_io import read_bytes, write_text
from jixiao.core.model import (
    Budget,
    Document,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Target,
)
from jixiao.core.review import load_profile, review
from jixiao.core.review.rules._library import segment
from jixiao.core.targets import format_target, parse_target

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)
INDICATORS = int(os.environ.get("BENCH_REVIEW_INDICATORS", "1000000"))

_TARGETS = ("≥100", "≥90%", "≥95%", "=8人", "≤5天", "1", "≥100%", "达成年度指标", "≥120%", "≥85%")
_BASES = ("年底实际情况", "计划标准", "历史标准", "行业标准", None, "预算支出标准")
_EXTRA = (
    ("产出指标", "质量指标", "验收合格率", "通过验收的事项占全部事项的比例", "≥95%", "行业标准"),
    (
        "产出指标",
        "时效指标",
        "资金按时拨付率",
        "按计划节点拨付的资金占预算的比例",
        "≥90%",
        "计划标准",
    ),
    ("效益指标", "社会效益指标", "居民知晓率", "抽样调查中知晓政策的居民比例", "≥80%", "历史标准"),
    ("产出指标", "数量指标", "宣传活动次数", "全年开展宣传活动的次数", "≥12次", "计划标准"),
)
_PLANS = (
    ("25%", "50%", "75%", "100%"),
    ("30%", "60%", "90%", "100%"),
    (None, None, "100%", None),
    ("30%", "60%", "50%", "100%"),
    ("20%", "40%", "60%", "90%"),
)


def _plan(cells: tuple[str | None, ...]) -> SpendingPlan:
    return SpendingPlan(
        [
            PlanCell(m, t, None if t is None else Decimal(t[:-1]))
            for m, t in zip((3, 6, 10, 12), cells, strict=True)
        ]
    )


_COMMUNITIES = tuple(f"{a}{b}社区" for a in "东西南北中新老上下前" for b in "园苑湖河山桥港湾林庄")


def _vary(t: Target, number: int, k: int) -> Target:
    """The same kind of target with a value of its own (deterministic in number and k)."""
    if t.value is None:
        return t
    value = t.value - (number * 7 + k) % 9 if t.value > 10 else t.value + number % 50
    return parse_target(format_target(t.comparator, value, t.unit))


def corpus(indicators: int, rng: random.Random) -> Iterator[Document]:
    """Documents until at least ``indicators`` indicators have been produced."""
    seed = read(SEED)
    base = seed.projects
    targets = [parse_target(t) for t in _TARGETS]
    plans = [_plan(p) for p in _PLANS]
    made, number = 0, 0
    while made < indicators:
        number += 1
        projects, summaries = [], []
        for seq in range(1, len(base) + 1):
            src = rng.choice(base)
            inds = [
                Indicator(
                    i.level1,
                    i.level2,
                    f"{_COMMUNITIES[(number + seq) % len(_COMMUNITIES)]}{i.name}",
                    i.description,
                    _vary(i.target if rng.random() < 0.6 else rng.choice(targets), number, k),
                    i.basis if rng.random() < 0.5 else rng.choice(_BASES),
                )
                for k, i in enumerate(src.indicators)
            ]
            for row in rng.sample(_EXTRA, rng.randint(0, 3)):
                name = f"{_COMMUNITIES[(number + seq) % len(_COMMUNITIES)]}{row[2]}"
                target = _vary(parse_target(row[4]), number, seq)
                inds.append(Indicator(row[0], row[1], name, row[3], target, row[5]))
            total = src.budget.total if rng.random() < 0.9 else Decimal(rng.randint(1, 9999)) / 100
            p = Project(
                seq=seq,
                code=f"13021322P{number:06d}{seq:06d}",
                name=src.name,
                budget=Budget(total, total, None),
                purpose=src.purpose,
                spending_plan=src.spending_plan if rng.random() < 0.7 else rng.choice(plans),
                goals=list(src.goals),
                indicators=inds,
            )
            projects.append(p)
            summary = seed.project_summaries[(src.seq or 1) - 1]
            summaries.append(ProjectSummary(seq, summary.name, summary.text))
            made += len(inds)
        yield Document(
            unit=seed.unit,
            year=seed.year,
            overall_goals=seed.overall_goals,
            project_summaries=summaries,
            measures=seed.measures,
            projects=projects,
        )


def run() -> list[Result]:
    rng = random.Random(20221)
    review_cpu = read_cpu = 0.0
    indicators = findings = documents = size = misses = 0
    memo = load_profile().memo  # indicator content → hits, filled as the review goes
    # One-time process start-up, not per indicator: jieba's dictionary (about a second).
    t0 = time.process_time()
    segment("防汛物资")
    startup = time.process_time() - t0
    gc.collect()
    for doc in corpus(INDICATORS, rng):
        documents += 1
        indicators += sum(len(p.indicators) for p in doc.projects)
        before = len(memo)
        t0 = time.process_time()
        report = review(doc)
        review_cpu += time.process_time() - t0
        misses += len(memo) - before if len(memo) >= before else len(memo)
        findings += len(report.findings)
        buf = io.StringIO()
        write_text(doc, buf)
        data = buf.getvalue().encode("utf-8")
        size += len(data)
        t0 = time.process_time()
        back = read_bytes(data, "corpus.txt")
        read_cpu += time.process_time() - t0
        assert len(back.projects) == len(doc.projects)
    return [
        Result(
            f"review {indicators:,} indicators in {documents:,} documents ({size / 1e6:.0f} MB as text)",
            review_cpu,
            read_cpu,
            "text reader on the same corpus",
            goal="ratio < 1",
            extra={
                "review ind/s": f"{indicators / review_cpu:,.0f}",
                "read ind/s": f"{indicators / read_cpu:,.0f}",
                "findings": f"{findings:,}",
                "rows checked afresh": f"{misses / indicators:.0%}",
                "jieba start-up (excluded)": f"{startup:.2f}s",
            },
        )
    ]


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r.line())
