"""The review's shortcuts give exactly what the straightforward computation gives.

- jieba is run once per run of CJK/letters/digits and search-mode words are derived from
  the precise cut: both must equal ``jieba.lcut`` / ``jieba.lcut_for_search`` on the text;
- content words (`words`) are filtered per precise-cut word, cached;
- an indicator's `Facts` (derived once for all rules) equal what each rule derived itself;
- a finding records its library example and derives it when read: the same text as
  appending it during the review; R093 segments only projects that may carry a goal;
- the example closest to a project comes from a library index built once instead of
  `jixiao.core.library.suggest` on every call: same entry for every context; the pool
  words in a project's text are found by one Aho-Corasick pass: every substring word.
"""

from __future__ import annotations

import jieba
import pytest

from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.library import shipped, suggest
from jixiao.core.review.rules import _library
from jixiao.core.review.rules._facts import Facts
from jixiao.core.review.rules._library import _closest_entry, _entries_by_level2, topics_in
from jixiao.core.review.rules._util import is_cost, is_satisfaction, key, level


@pytest.fixture(scope="module")
def documents(seed_doc):
    return [seed_doc, *generate_documents(GeneratorOptions(units=6, projects_per_unit=12, seed=5))]


@pytest.fixture(scope="module")
def texts(documents) -> list[str]:
    out = {
        "PM2.5平均浓度",
        "",
        " ",
        "a b\tc",
        "按生均标准拨付1200名学生公用经费。",
        "防汛物资\n储备",
    }
    for d in documents:
        out.update(d.overall_goals)
        out.update(s.text for s in d.project_summaries)
        for p in d.projects:
            out.update([p.name, p.purpose or "", *p.goals])
            out.update(i.name or "" for i in p.indicators)
    return sorted(out)


def test_segment_is_jiebas_precise_cut(texts) -> None:
    _library._segmenter()  # the library's topic words added, as the review runs
    for text in texts:
        assert _library.segment(text) == tuple(jieba.lcut(text)), text


def test_search_words_are_jiebas_search_cut(texts) -> None:
    _library._segmenter()
    for text in texts:
        assert _library._search_words(text) == tuple(jieba.lcut_for_search(text)), text


def test_words_are_the_content_words_of_jiebas_search_cut(texts) -> None:
    _library._segmenter()
    for text in texts:
        want = {
            w
            for w in jieba.lcut_for_search(text)
            if _library._CONTENT.fullmatch(w) and w not in _library.COMMON_WORDS
        }
        assert _library.words(text) == want, text


def test_facts_equal_the_rules_own_derivations(documents) -> None:
    for d in documents:
        for p in d.projects:
            for ind in p.indicators:
                f = Facts(ind)
                assert (f.l1, f.l2) == (level(ind.level1), level(ind.level2))
                assert f.is_cost == is_cost(ind)
                assert f.is_satisfaction == is_satisfaction(ind)
                assert (f.name_key, f.basis_key) == (key(ind.name), key(ind.basis))
                assert f.has_l1 == bool((ind.level1 or "").strip())
                assert f.has_l2 == bool((ind.level2 or "").strip())
                assert f.is_blank == ind.target.is_blank
                assert f.is_percent == (ind.target.unit or "").startswith("%")


def _reference(level2: str, context: str) -> str | None:
    """The example as computed before the index: `suggest` over the 二级's entries."""
    entries = _entries_by_level2(shipped()).get(level2)
    if not entries:
        return None
    name, _, purpose = context.partition("\n")
    mine = topics_in(name) | topics_in(purpose)
    for s in suggest(entries, project_name=name, purpose=purpose, limit=5):
        if s.score <= 0:
            break
        if topics_in(s.entry.name) <= mine:
            return f"{s.entry.name}{s.entry.target}"
    return None


def test_closest_entry_matches_suggest(documents) -> None:
    levels = sorted(_entries_by_level2(shipped()))
    contexts = {"\n", "无关的名称\n", "防汛\n购置防汛物资"}
    for d in documents:
        contexts.update(f"{p.name}\n{p.purpose or ''}" for p in d.projects)
    found = 0
    for context in sorted(contexts):
        for level2 in levels:
            expected = _reference(level2, context)
            assert _closest_entry(level2, context) == expected, (level2, context)
            found += expected is not None
    assert found  # the comparison covered real examples, not only "none"


def test_context_words_are_every_pool_word_in_the_text(texts) -> None:
    """The Aho-Corasick pass finds exactly the pool words that are substrings of the text,
    overlapping and nested ones included (防汛 inside 防汛物资)."""
    import random

    pool = sorted({w for index in _library._pool_index().values() for w in index})
    rng = random.Random(4)
    samples = [*texts, "".join(pool[:30]), "\n".join(pool[::7])]
    for _ in range(300):  # pool words glued to each other and to parts of corpus texts
        parts = [*rng.sample(pool, 4), rng.choice(texts)[:6], rng.choice(pool)[1:]]
        rng.shuffle(parts)
        samples.append("".join(parts))
    for sample in samples:
        name, _, purpose = sample.partition("\n")
        text, present = _library._context_words.__wrapped__(sample)
        assert text == "".join(_library.nfkc(f"{name} {purpose}").split())
        assert present == frozenset(w for w in pool if w in text), sample


def test_department_terms_segment_only_what_can_match(documents) -> None:
    from jixiao.core.review.rule import Context
    from jixiao.core.review.rules.department import (
        _goal_terms,
        _goal_terms_of,
        _project_texts,
        _shares,
        _terms,
        _text_terms,
    )

    shared = checked = 0
    for d in documents:
        ctx = Context(d)
        texts = _project_texts(ctx)
        wanted = frozenset().union(*[_goal_terms(g) for g in d.overall_goals])
        for seq, t in texts.items() if d.overall_goals else ():
            fresh = _goal_terms_of(Context(d))  # shares_any before shared: the lazy path
            assert fresh.shares_any(seq) == bool(_terms(t) & wanted)
            assert _goal_terms_of(ctx).shared(seq) == _terms(t) & wanted
            assert _goal_terms_of(ctx).shares_any(seq) == bool(_terms(t) & wanted)
        tables = [(p.name, p.purpose or "", *p.goals) for p in d.projects]
        for s in d.project_summaries:
            said = _text_terms(s.text)
            for table in tables:  # every summary against every project: most share nothing
                expected = bool(said & _terms(table))
                assert _shares(said, table) == expected, (s.text, table)
                shared += expected
                checked += 1
    assert 0 < shared < checked


def test_key_and_level_equal_their_regex_definitions() -> None:
    import random
    import re
    import sys
    import unicodedata

    from jixiao.core.review.rules._util import _SPACE, _TRAIL

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    alphabet = [*spaces, *"。．.，,；;：:、满意度指标ab\u3000\uff0e\ufe50\ufe52"]
    rng = random.Random(12)
    for _ in range(20_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        plain = _SPACE.sub("", unicodedata.normalize("NFKC", s))
        assert key.__wrapped__(s) == _TRAIL.sub("", plain), repr(s)
        assert level.__wrapped__(s) == (
            plain + "指标" if plain and not plain.endswith("指标") else plain
        )


def test_a_summary_quoting_a_table_text_whole_shares_its_terms(documents) -> None:
    from jixiao.core.review.rules.department import _quotes, _terms, _text_terms

    cases = [
        ("防汛物资储备：安排资金5万元", ("防汛物资储备",)),
        ("防汛物资储备库建设", ("防汛物资储备",)),  # the run goes on: not quoted whole
        ("a防汛", ("防汛",)),
        ("，，", ("，",)),
    ]
    for d in documents:
        tables = {p.seq: (p.name, p.purpose or "", *p.goals) for p in d.projects}
        cases += [(s.text, tables[s.seq]) for s in d.project_summaries if s.seq in tables]
    quoted = 0
    for text, parts in cases:
        if _quotes(text, parts):
            quoted += 1
            assert _text_terms(text) & _terms(parts), (text, parts)
    assert not _quotes("防汛物资储备库建设", ("防汛物资储备",))
    assert not _quotes("a防汛", ("防汛",))
    assert quoted > len(cases) // 2


def test_nfkc_is_unicodedatas_nfkc() -> None:
    import random
    import unicodedata

    from jixiao.core.review.rules._util import _WIDE, nfkc

    assert nfkc("防汛物资，储备（应急）") == "防汛物资,储备(应急)"
    wide = [chr(c) for c in _WIDE]
    marks = ["\u0301", "\u0308", "\u3099", "\u309a", "\uff9e", "\u1161", "\u11a8", "\u0345"]
    pool = [*wide, *marks, *"防汛ab1 .,é가"]
    bmp = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    rng = random.Random(9)
    for _ in range(20_000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert nfkc(s) == unicodedata.normalize("NFKC", s), repr(s)
        s = "".join(rng.choice(bmp) for _ in range(rng.randint(0, 6)))
        assert nfkc(s) == unicodedata.normalize("NFKC", s), repr(s)
    # The usual full-width punctuation (replaced before the quick check) beside marks and
    # other wide forms.
    common = [*"，：；（）％！？　", *marks, *"防汛a1 ", *wide[:40]]
    for _ in range(20_000):
        s = "".join(rng.choice(common) for _ in range(rng.randint(0, 8)))
        assert nfkc(s) == unicodedata.normalize("NFKC", s), repr(s)


def test_a_goal_is_carried_only_where_the_bound_allows(documents) -> None:
    """R093 segments a project only if `_may_carry` allows one of the uncarried goals: it
    must hold wherever the project's terms, segmented, carry the goal."""
    from jixiao.core.review.rules.department import _goal_terms, _may_carry, _terms

    need = 2
    carried = skipped = 0
    for d in [*documents, *_documents_with_topics()]:
        goals = [g for g in map(_goal_terms, d.overall_goals) if g]
        for p in d.projects:
            texts = (p.name, p.purpose or "", *p.goals)
            mine = _terms(texts)
            joined = "\n".join(texts)
            for g in goals:
                common = g & mine
                does = bool(common) and (
                    len(common) >= min(need, len(g)) or any(w[0] == "#" for w in common)
                )
                may = _may_carry(g, joined, need)
                assert may or not does, (g, texts)
                carried += does
                skipped += not may
    assert carried and skipped


def _documents_with_topics():
    """Projects and goals naming library topics (防汛, 工资…) and topic words inside longer
    words, so the bound's topic branch is tested too."""
    from jixiao.core.model import Budget, Document, Project, Unit

    goals = ["做好防汛工作，确保安全度汛", "按时足额发放人员工资", "改善人居环境"]
    names = ["防汛物资储备", "社区工作者工资", "硕秋园绿化带修复", "汛期巡查", "党建活动"]
    projects = [
        Project(k, None, name, Budget(None, None, None), purpose=f"用于{name}", goals=[name])
        for k, name in enumerate(names, 1)
    ]
    return [Document(Unit(None, "测试单位"), 2022, projects=projects, overall_goals=goals)]


def test_suggestions_end_with_the_example_the_review_used_to_append(documents) -> None:
    """A finding records its library example (`Example`) and derives it when read: the
    suggestion is what the review appended before, computed eagerly here."""
    from jixiao.core.review import review
    from jixiao.core.review.rules._library import example

    rows = 0
    for d in documents:
        projects = {p.seq: p for p in d.projects}
        for f in review(d).findings:
            derive = f.example
            assert f.suggestion == f.advice + (derive() if derive else "")
            if f.indicator is None or f.project_seq is None:
                continue
            p = projects[f.project_seq]
            l2 = p.indicators[f.indicator - 1].level2
            found = example(l2, f"{p.name}\n{p.purpose or ''}")
            tail = f"；同类（{level(l2)}）指标示例：“{found}”" if found else ""
            assert f.suggestion.endswith(tail) and f.suggestion == f.advice + tail
            rows += 1
    assert rows


def _plan_messages_as_before(project) -> list[str]:
    """R061–R065's messages computed the straightforward way (before `plan._Plan`)."""
    from decimal import Decimal

    cells = project.spending_plan.cells
    text = "、".join(f"{c.month}月底 {c.text or '空'}" for c in cells)
    curve = project.spending_plan.cumulative()
    out = []
    prev = None
    for c in cells:
        if c.percent is None:
            continue
        if prev is not None and c.percent < prev.percent:
            out.append(
                f"资金支出计划是累计数，{c.month}月底“{c.text}”低于{prev.month}月底“{prev.text}”（{text}）"
            )
            break
        prev = c
    for c in cells:
        if c.percent is not None and not (0 <= c.percent <= 100):
            out.append(f"资金支出计划{c.month}月底“{c.text}”超出 0%–100%")
            break
    if curve and curve[-1][1] < 100:
        out.append(f"资金支出计划最终只到 {curve[-1][1]}%（{text}），年底未支出完毕")
    if curve and not all(c.percent is not None for c in cells):
        by_month = dict(curve)
        blanks = "，".join(
            f"{c.month}月底按 {by_month[c.month]}%" for c in cells if c.percent is None
        )
        out.append(f"资金支出计划有空白节点（{text}），将理解为：{blanks}")
    late = cells and not any(c.percent for c in cells[:-1])
    if late and curve and curve[-1][1] == Decimal(100) and curve[-1][0] == 12:
        out.append(f"资金支出计划 12 月前没有任何支出，年底一次支出 100%（{text}）")
    return out


def test_plan_rules_read_one_cached_pass_per_plan(documents) -> None:
    """R061–R065 from one `_Plan` per distinct plan give the messages computed cell by
    cell, also for equal percentages written differently (``90`` and ``90.0``: the
    message prints each project's own) and a month given twice."""
    import dataclasses
    from decimal import Decimal

    from jixiao.core.model import PlanCell, SpendingPlan
    from jixiao.core.review import review

    base = documents[1]
    projects = [p for d in documents for p in d.projects]
    odd = [
        [
            PlanCell(3, "30%", Decimal("30")),
            PlanCell(6, None, None),
            PlanCell(12, "90%", Decimal("90")),
        ],
        [
            PlanCell(3, "30%", Decimal("30.0")),
            PlanCell(6, None, None),
            PlanCell(12, "90%", Decimal("90.0")),
        ],
        [
            PlanCell(3, None, None),
            PlanCell(6, "60%", Decimal("60")),
            PlanCell(6, None, None),
            PlanCell(10, "50%", Decimal("50")),
            PlanCell(12, "120%", Decimal("120")),
        ],
        [PlanCell(3, "0%", Decimal("0")), PlanCell(12, "100%", Decimal("100.00"))],
        [PlanCell(3, None, None), PlanCell(12, None, None)],
        [],
    ]
    projects += [
        dataclasses.replace(base.projects[0], spending_plan=SpendingPlan(cells)) for cells in odd
    ]
    # Distinct sequence numbers, so that each finding maps back to its project.
    projects = [dataclasses.replace(p, seq=k) for k, p in enumerate(projects, 1)]
    doc = dataclasses.replace(base, projects=projects, project_summaries=[])
    by_position: list[list[str]] = [[] for _ in projects]
    for f in review(doc).findings:
        if f.rule in ("R061", "R062", "R063", "R064", "R065") and f.project_seq is not None:
            by_position[f.project_seq - 1].append(f.message)
    for p, messages in zip(projects, by_position, strict=True):
        assert sorted(messages) == sorted(_plan_messages_as_before(p)), p.spending_plan


def test_a_goal_is_looked_up_among_names_as_a_whole_line(documents) -> None:
    """R052 finds a goal among the indicators' names and descriptions in their
    newline-joined text: the same goals as the set of them, also with a name holding a
    newline, a missing description and a blank goal."""
    import dataclasses

    from jixiao.core.model import Indicator, Target
    from jixiao.core.review import review
    from jixiao.core.review.rules.goals import _MEASURE_ONLY, _VERB

    def as_before(project) -> list[int]:
        names = {i.name for i in project.indicators}
        names.update([i.description for i in project.indicators])
        out = []
        for n, goal in enumerate(project.goals, 1):
            g = key(goal)
            if g in names or (_MEASURE_ONLY.match(g) and not _VERB.match(g)):
                out.append(n)
        return out

    base = documents[1].projects[0]

    def ind(name, description=None):
        return Indicator("产出指标", "数量指标", name, description, Target("≥1个"), None)

    odd = [
        (["防汛\n物资", "物资"], [ind("防汛\n物资"), ind("物资储备", "防汛")]),
        (["防汛", "  ", "储备"], [ind("储备", None), ind("防汛物资")]),
        (["。", "储备"], [ind("储备", ""), ind("防汛")]),
        (["", "防汛"], [ind("其他", None)]),
        (["储备 数量。"], [ind("储备数量")]),
        (["储备"], []),
    ]
    projects = [p for d in documents for p in d.projects]
    projects += [dataclasses.replace(base, goals=g, indicators=i) for g, i in odd]
    projects = [dataclasses.replace(p, seq=k) for k, p in enumerate(projects, 1)]
    doc = dataclasses.replace(documents[1], projects=projects, project_summaries=[])
    got: list[list[int]] = [[] for _ in projects]
    for f in review(doc).findings:
        if f.rule == "R052" and f.project_seq is not None:
            goal = int(f.message.split(" 条")[0].removeprefix("第 "))
            got[f.project_seq - 1].append(goal)
    assert got == [as_before(p) for p in projects]
    assert any(got[-len(odd) :])


def test_the_terms_a_project_shares_with_the_goals_are_its_segmented_terms(documents) -> None:
    """`_GoalTerms.shared` (texts segmented only where a goal word or topic may occur, for
    words alone when the goals name no topic) is the project's terms, segmented whole,
    that are terms of some overall goal; `shares_any` says whether there is one."""
    import dataclasses

    from jixiao.core.review.rule import Context
    from jixiao.core.review.rules.department import _goal_terms, _GoalTerms, _terms

    docs = [*documents, *_documents_with_topics()]
    # The same projects under goals that name no library topic.
    docs.append(dataclasses.replace(docs[-1], overall_goals=["改善人居环境", "绿化带修复"]))
    topical = plain = 0
    for d in docs:
        wanted = frozenset().union(*map(_goal_terms, d.overall_goals))
        if any(w[0] == "#" for w in wanted):
            topical += 1
        else:
            plain += 1
        for p in d.projects:
            terms = _GoalTerms(Context(d))
            assert terms.shares_any(p.seq) == bool(_terms(terms.texts[p.seq]) & wanted)
            assert terms.shared(p.seq) == _terms(terms.texts[p.seq]) & wanted
    assert topical and plain


def test_findings_are_built_positionally_in_field_order() -> None:
    # The engine and `Rule.at` pass every field of a `Finding` by position (a keyword
    # argument costs half as much again): a new or moved field must move them too.
    import dataclasses

    from jixiao.core.review.finding import Finding

    assert [f.name for f in dataclasses.fields(Finding)] == [
        "rule",
        "severity",
        "category",
        "project_seq",
        "project_code",
        "indicator",
        "field",
        "message",
        "advice",
        "projects",
        "places",
        "habit",
        "example",
    ]


def test_project_scores_are_the_frozen_dataclass_s_own() -> None:
    # The report builds `ProjectScore`s without the frozen ``__init__``: they must be the
    # same objects the class call makes (equal, hashable, frozen, same fields).
    import dataclasses

    import pytest

    from jixiao.core.review.engine import ProjectScore, _project_score

    assert [f.name for f in dataclasses.fields(ProjectScore)] == ["seq", "code", "name", "score"]
    made, called = _project_score(3, None, "防汛", 90), ProjectScore(3, None, "防汛", 90)
    assert made == called and hash(made) == hash(called) and repr(made) == repr(called)
    assert dataclasses.astuple(made) == (3, None, "防汛", 90)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.score = 1  # type: ignore[misc]
