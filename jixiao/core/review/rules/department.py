"""Department rules: the overall goals and the projects serve each other; summaries say
what the project tables say."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from jixiao.core.amounts import convert
from jixiao.core.model import Document
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, DocumentRule
from jixiao.core.review.rules._library import TOPICS, candidate_topics_of, topics_in, words
from jixiao.core.review.rules._util import implied_level1, nfkc, quote
from jixiao.core.review.rules.summary import amounts_in

#: ``ctx.shared`` key: project seq → its terms shared with the overall goals (once).
_PROJECT_WORDS = "department.project_words"
#: ``ctx.shared`` key: project seq → the texts that say what the project is about.
_PROJECT_TEXTS = "department.project_texts"


def _short(text: str, n: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= n else text[:n] + "…"


def _project_texts(ctx: Context) -> dict[int | None, tuple[str, ...]]:
    """Per project seq: its name, purpose, goals, and its summary's name and text."""
    cached = ctx.shared.get(_PROJECT_TEXTS)
    if cached is None:
        summaries = {s.seq: s for s in ctx.doc.project_summaries}
        cached = {}
        for p in ctx.doc.projects:
            s = summaries.get(p.seq) if p.seq is not None else None
            texts = (p.name, p.purpose or "", *p.goals)
            if s is not None:
                texts += (s.name, s.text)
            cached[p.seq] = texts
        ctx.shared[_PROJECT_TEXTS] = cached
    return cached


class _GoalTerms:
    """The overall goals' terms and, per project (when first asked), the terms it shares
    with them: ``_terms(texts) & wanted``, where a text is segmented only if one of the
    wanted words occurs in it (a text's words are substrings of it) or it may name a
    wanted topic: most project texts share nothing with the goals.
    """

    def __init__(self, ctx: Context) -> None:
        self.goals = [_goal_terms(goal) for goal in ctx.doc.overall_goals]
        self.wanted: frozenset[str] = frozenset().union(*self.goals)
        self.plain = [w for w in self.wanted if not w.startswith("#")]
        self.topics = {w[1:] for w in self.wanted if w.startswith("#")}
        #: Per project seq: its texts (of the last project with that seq).
        self.texts = _project_texts(ctx)
        self._shared: dict[int | None, frozenset[str]] = {}

    def _terms(self, text: str) -> frozenset[str]:
        """What of ``_text_terms(text)`` can meet the goals' terms: its words alone when the
        goals name no topic (topic marks start with ``#``, words never do), without
        segmenting it for topics."""
        return _text_terms(text) if self.topics else words(text)

    def shared(self, seq: int | None) -> frozenset[str]:
        """The project's terms that are also terms of some overall goal."""
        found = self._shared.get(seq)
        if found is None:
            out: set[str] = set()
            for t in self.texts[seq]:
                if _may_share(t, self.plain, self.topics):
                    out |= self._terms(t) & self.wanted
            found = self._shared[seq] = frozenset(out)
        return found

    def shares_any(self, seq: int | None) -> bool:
        """Whether ``shared(seq)`` is not empty, segmenting texts only until one shares."""
        found = self._shared.get(seq)
        if found is not None:
            return bool(found)
        return any(
            _may_share(t, self.plain, self.topics) and not self.wanted.isdisjoint(self._terms(t))
            for t in self.texts[seq]
        )


def _goal_terms_of(ctx: Context) -> _GoalTerms:
    """The document's `_GoalTerms`, built once per review (R093 and R094 share it)."""
    found = ctx.shared.get(_PROJECT_WORDS)
    if found is None:
        found = ctx.shared[_PROJECT_WORDS] = _GoalTerms(ctx)
    return found


@lru_cache(maxsize=16384)
def _terms(texts: tuple[str, ...]) -> frozenset[str]:
    """Content words and ``#topic`` marks of the texts (cached: projects recur by year)."""
    return frozenset().union(*[_text_terms(t) for t in texts])


@lru_cache(maxsize=65536)
def _text_terms(text: str) -> frozenset[str]:
    """Content words and ``#topic`` marks of one text (a name recurs in a project's texts
    and its summary's)."""
    found = words(text)
    topics = topics_in(text)
    return found | {f"#{x}" for x in topics} if topics else found


def _goal_terms(goal: str) -> frozenset[str]:
    return _text_terms(goal)


def _has_goals(doc: Document) -> bool:
    return bool(doc.overall_goals) and bool(doc.projects)


class R093(DocumentRule):
    """部门整体绩效目标中有目标没有任何项目承载。

    以 jieba 分词比对：目标与某个项目（名称、资金用途、绩效目标、分项绩效目标）至少共有
    ``goal_carry_min`` 个实词，或同属指标库的一个主题，才算有项目承载。

    **不合格**：整体目标“对各小区地下管网进行大排查、修缮”，没有任何项目涉及管网。
    **合格**：目标“做好防汛工作”，有“防汛”项目承载。
    """

    code = "R093"
    name = "department.goal-uncarried"
    category = "相关性"
    severity = "warning"
    thresholds = ("goal_carry_min",)

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        if not _has_goals(ctx.doc):
            return out
        need = self.t["goal_carry_min"]
        terms = _goal_terms_of(ctx)
        # Carried: some project shares a topic, or ``need`` content words (all of them if
        # the goal has fewer), with the goal. Projects are looked at until every goal is.
        uncarried = {i: g for i, g in enumerate(terms.goals, 1) if g}
        for seq, texts in terms.texts.items():
            if not uncarried:
                break
            # Segment the project's texts only if it may carry a goal not yet carried.
            joined = "\n".join(texts)
            if not any(_may_carry(g, joined, need) for g in uncarried.values()):
                continue
            mine = terms.shared(seq)
            if not mine:
                continue
            for i, g in list(uncarried.items()):
                common = g & mine
                if common and (
                    len(common) >= min(need, len(g)) or any(w[0] == "#" for w in common)
                ):
                    del uncarried[i]
        for i, goal in enumerate(ctx.doc.overall_goals, 1):
            if i not in uncarried:
                continue
            out.append(
                self.at(
                    None,
                    None,
                    "goals",
                    f"部门整体绩效目标第 {i} 条{quote(_short(goal))}没有任何项目承载",
                    "为这条目标安排项目和资金，或在部门整体绩效目标中删去没有资金保障的目标",
                )
            )
        return out


def _may_carry(goal: frozenset[str], joined: str, need: int) -> bool:
    """Whether texts (``joined`` by newlines) can carry ``goal`` in R093's sense, without
    segmenting them: a text's words are substrings of it (and hold no newline), and it
    names a topic only with one of the topic's words in it. The terms the texts can share
    with the goal are at most those, so too few of them cannot carry it."""
    plain = topics = 0
    for w in goal:
        if w[0] == "#":
            if any(map(joined.__contains__, TOPICS.get(w[1:], ()))):
                topics += 1
        elif w in joined:
            plain += 1
    return topics > 0 or plain >= min(need, len(goal))


class R094(DocumentRule):
    """项目不服务于任何一条部门整体绩效目标。

    与某条目标共有一个实词或一个主题即算对应。只在文档有部门整体绩效目标时检查；保运转的项目（``operating_topics``：
    人员工资、房屋租赁）不要求写进整体目标。

    **不合格**：整体目标只讲党建和疫情防控，项目“硕秋园绿化带修复”与之无关。
    **合格**：整体目标含“改善人居环境”，绿化修复项目服务于它。
    """

    code = "R094"
    name = "department.project-unaligned"
    category = "相关性"
    severity = "info"
    thresholds = ("operating_topics",)

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        if not _has_goals(ctx.doc):
            return out
        terms = _goal_terms_of(ctx)
        if not terms.wanted:
            return out
        # Lenient: one shared term shows the project serves the goal, so it serves some
        # goal exactly when it shares a term with their union.
        operating = frozenset(self.t["operating_topics"])
        for p in ctx.doc.projects:
            if terms.shares_any(p.seq):
                continue
            # Not reported when the project says nothing (`_terms` of its texts empty) or
            # is about an operating topic; its words are segmented only without a topic.
            texts = terms.texts[p.seq]
            topics = frozenset().union(*[topics_in(t) for t in texts])
            if topics & operating or not (topics or any(words(t) for t in texts)):
                continue
            out.append(
                self.at(
                    p,
                    None,
                    "goals",
                    f"项目{quote(p.name)}与部门整体绩效目标的任何一条都不对应",
                    "在部门整体绩效目标中写明该项目支撑的目标，或说明项目的必要性",
                )
            )
        return out


class R095(DocumentRule):
    """分项绩效目标的内容与项目表的资金用途、绩效目标毫不相干。

    **不合格**：分项第 6 项写“用于社区工作者工资发放”，项目表 6 是防汛物资。
    **合格**：分项第 6 项“用于购置防汛物资，确保安全度汛”。
    """

    code = "R095"
    name = "department.summary-content"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        tables = {p.seq: p for p in ctx.doc.projects}
        for s in ctx.doc.project_summaries:
            p = tables.get(s.seq)
            if p is None or not s.text:
                continue
            texts = (p.name, p.purpose or "", *p.goals)
            if _quotes(s.text, texts):
                continue  # the summary repeats a text of the table whole: they share its terms
            said = _text_terms(s.text)
            if not said or _shares(said, texts):
                continue
            out.append(
                self.at(
                    p,
                    None,
                    "summary",
                    f"分项绩效目标第 {s.seq} 项{quote(_short(s.text))}与项目表"
                    f"{quote(p.name)}的资金用途和绩效目标对不上",
                    "按项目表的资金用途和绩效目标改写分项绩效目标，或核对序号是否错位",
                )
            )
        return out


def _shares(said: frozenset[str], texts: tuple[str, ...]) -> bool:
    """Whether ``_terms(texts)`` meets ``said``, segmenting only the texts that may."""
    plain = [w for w in said if not w.startswith("#")]
    topics = {w[1:] for w in said if w.startswith("#")}
    return any(_may_share(t, plain, topics) and not said.isdisjoint(_text_terms(t)) for t in texts)


#: A character jieba keeps inside a run (``re_han_default``): it cuts each run on its own.
_RUN_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")


def _quotes(text: str, parts: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``parts`` whole, with a term: then ``_text_terms(text)``
    meets ``_text_terms(part)`` without segmenting ``text``.

    jieba cuts each run of CJK/letters/digits on its own, so where a part occurs in the
    text with no run going on across its ends, the part's runs are runs of the text and its
    words and topics are the text's too.
    """
    for part in parts:
        at = text.find(part) if part else -1
        while at >= 0:
            end = at + len(part)
            if (at == 0 or not _RUN_CHAR.match(part) or not _RUN_CHAR.match(text, at - 1)) and (
                end == len(text)
                or not _RUN_CHAR.match(part, len(part) - 1)
                or not _RUN_CHAR.match(text, end)
            ):
                # ``_text_terms(part)`` not empty, its topics segmented only without words.
                if words(part) or topics_in(part):
                    return True
                break  # the part has no term: another occurrence has none either
            at = text.find(part, at + 1)
    return False


def _may_share(text: str, plain: list[str], topics: set[str]) -> bool:
    """Whether ``text`` can have one of the words (a text's words are substrings of it) or
    topics (a topic needs one of its words in the text)."""
    if any(map(text.__contains__, plain)):  # the C loop of `any(w in text for w in plain)`
        return True
    return bool(topics) and not topics.isdisjoint(candidate_topics_of(text))


#: 一级 of the indicators that say what the money achieves (both taxonomies).
_RESULT_LEVEL1 = ("效益指标", "满意度指标")


class R096(DocumentRule):
    """部门整体绩效目标表只有产出、成本指标，没有效益指标或满意度指标。

    部门整体绩效目标表要说明部门履职的效果：至少有一个效益指标或满意度指标。只在文档有
    部门整体绩效目标表时检查。

    **不合格**：部门整体绩效目标表只有“服务老人人数≥1000人”“项目完成及时率=100%”。
    **合格**：另有“辖区居民满意度≥90%”。
    """

    code = "R096"
    name = "department.table-without-effect"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        table = ctx.doc.department_indicators
        levels = [implied_level1(i.level1, i.level2) for i in table]
        if not table or any(
            l1 in _RESULT_LEVEL1 or (not l1 and "满意度" in (i.name or ""))
            for i, l1 in zip(table, levels, strict=True)
        ):
            # A table without levels (指标名称 | 指标权重 | …) shows its 满意度 by the name.
            return []
        what = (
            "都是产出或成本指标，没有效益指标或满意度指标"
            if any(levels)
            else "没有标明一级指标，其中也没有满意度指标"
        )
        return [
            self.at(
                None,
                None,
                "indicators",
                f"部门整体绩效目标表的 {len(table)} 个指标{what}",
                "补充说明部门履职效果的效益指标（如 社会效益指标）和服务对象满意度指标",
            )
        ]


class R098(DocumentRule):
    """部门整体绩效目标为空：文档有分项绩效目标，却没有总体绩效目标。

    只在文档有部门部分（分项绩效目标）时检查；只有项目表的文档不要求总体目标。

    **不合格**：“一、总体绩效目标”下为空，“二、分项绩效目标”列出 36 个项目。
    **合格**：总体绩效目标写明部门全年要实现的几项主要目标（一是……二是……）。
    """

    code = "R098"
    name = "department.overall-missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        doc = ctx.doc
        if doc.overall_goals or not doc.project_summaries:
            return []
        return [
            self.at(
                None,
                None,
                "overall_goals",
                f"文档有 {len(doc.project_summaries)} 项分项绩效目标，却没有部门总体绩效目标",
                "写明部门全年要实现的主要目标（一是……二是……），每条由若干项目承载",
            )
        ]


#: A clause stating the projects' total (“全年共安排项目资金 180.5 万元”).
_PROJECT_TOTAL = re.compile(r"项目")
_TOTAL_WORD = re.compile(r"共计|合计|总计|总额|共安排|共|总")
_CLAUSES = re.compile(r"[，,；;。]")


class R099(DocumentRule):
    """部门整体绩效目标中写的项目资金合计与项目表预算数之和不一致。

    只看写明“项目”和“共计/合计/总额”的金额；部门预算总额（含基本支出）不比较。

    **不合格**：总体目标“全年共安排项目资金 300 万元”，36 个项目预算数合计 180.50 万元。
    **合格**：“全年共安排项目资金 180.50 万元”。
    """

    code = "R099"
    name = "department.project-total"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        doc = ctx.doc
        if not _has_goals(doc) or any(p.budget.total is None for p in doc.projects):
            return []
        unit = doc.money_unit
        whole = sum((p.budget.total or Decimal(0) for p in doc.projects), Decimal(0))
        for goal in doc.overall_goals:
            if "元" not in goal:
                continue
            for clause in _CLAUSES.split(nfkc(goal)):
                if not (_PROJECT_TOTAL.search(clause) and _TOTAL_WORD.search(clause)):
                    continue
                for written, value, money in amounts_in(clause):
                    said = convert(value, money, unit)
                    if abs(said - whole) <= max(whole / 200, Decimal("0.01")):
                        continue
                    return [
                        self.at(
                            None,
                            None,
                            "overall_goals",
                            f"总体绩效目标写的项目资金“{written}”与 {len(doc.projects)} 个项目的"
                            f"预算数合计 {whole}{unit} 不一致",
                            "核对总体目标中的金额，与项目表预算数之和一致；"
                            "部门预算总额（含基本支出）写明“部门预算”以免混淆",
                        )
                    ]
        return []
