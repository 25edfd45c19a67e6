"""Relevance rules: indicators measure this project's purpose and results, not its spending."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, Hit, IndicatorRule, ProjectRule
from jixiao.core.review.rules._facts import (
    ECONOMIC_OR_ECOLOGICAL,
    EFFECT,
    NOT_COST,
    OUTPUT,
    SPENDING,
    SPENDING_NAME,
    TOPICAL,
    Facts,
)
from jixiao.core.review.rules._library import (
    candidate_topics,
    candidate_topics_of,
    segment,
    topics_in,
)
from jixiao.core.review.rules._util import alternation, is_cost, listing, quote
from jixiao.core.review.rules.coverage import indicator_texts

#: A name listing several items (``绿化、水电费等``): a breakdown of the project's spending.
_LISTING = re.compile(r"、|等(?:成本|费用|支出)")

#: Timing words: a 时效指标 about paying on time measures when, not how much is spent.
#: A date deadline (``2022年11月30日前完成资金支付``, ``10月底前``) is timing too.
_ON_TIME = re.compile(r"及时|按时|按期|准时|\d\s*[日月年号]\s*底?\s*(?:之?前|以前)")


class R110(ProjectRule):
    """指标与项目用途无关（如工资项目里的防汛指标）。

    以 jieba 分词识别指标名称和描述中的主题词（指标库的主题：防汛、消防、工资……），
    项目名称、资金用途、绩效目标和分项绩效目标都不涉及该主题时提示。

    **不合格**：“社区工作者薪酬”项目中的“防汛物资储备数量≥500件”。
    **合格**：“防汛”项目中的“防汛物资储备数量≥500件”。
    """

    code = "R110"
    needs = TOPICAL
    name = "relevance.unrelated"
    category = "相关性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        # One regex over the whole table first: nothing to do if every topic word in it
        # belongs to the project's own topics (the common case). The table's text is R013's
        # (blank for a missing name: topic words are Chinese, "None" holds none).
        maybe_any = candidate_topics(indicator_texts(ctx, project))
        if not maybe_any:
            return out
        # The project's topics, its short texts first: most tables name only those.
        found: set[str] = set()
        for text in _project_texts(ctx, project):
            found |= topics_in(text)
            if maybe_any <= found:
                return out
        # A topic the project's texts name outright (``文化`` in 公共文化服务体系建设) is its
        # own, whatever words jieba cut them into.
        texts = "\n".join(t for t in _project_texts(ctx, project) if t)
        mine = frozenset(found | {t for t in maybe_any if t in texts})
        for n, ind in enumerate(project.indicators, 1):
            # Cheap first: topic words as substrings (no word holds a newline, so the
            # name's and the description's, each once per distinct text); segment only
            # what may be off-topic.
            maybe = candidate_topics_of(ind.name) | candidate_topics_of(ind.description)
            if not maybe or maybe & mine:
                continue
            if is_cost(ind) and _LISTING.search(ind.name or ""):
                continue  # a cost listing what the money buys (绿化、水电费等成本)
            topics = topics_in(ind.name) | topics_in(ind.description)
            if not topics or topics & mine:
                continue
            topics -= _qualified(ind.name, texts) | _qualified(ind.description, texts)
            if not topics:
                continue
            names = listing(sorted(topics))
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.name",
                    f"指标{quote(ind.name)}涉及“{names}”，与项目{quote(project.name)}的用途无关",
                    "删去与本项目资金用途无关的指标，按本项目的用途设置指标",
                )
            )
        return out


def _qualified(text: str | None, own: str) -> frozenset[str]:
    """Topics whose word in ``text`` follows a word of three or more characters that the
    project's own texts (``own``) name: ``松材线虫病疫情`` in a 松材线虫病除治 project is
    that disease's outbreak, not 疫情防控."""
    if not text:
        return frozenset()
    seg = list(segment(text))
    out: set[str] = set()
    for before, w in pairwise(seg):
        if len(before) >= 3 and before in own and (t := topics_in(w)):
            out |= t
    return frozenset(out)


def _project_texts(ctx: Context, project: Project) -> tuple[str | None, ...]:
    """The texts that say what the project is about: name, its summary's name, purpose,
    goals, and the summary's text (the longest) last."""
    summaries = ctx.shared.get(_SUMMARIES)
    if summaries is None:
        summaries = ctx.shared[_SUMMARIES] = {s.seq: s for s in ctx.doc.project_summaries}
    s = summaries.get(project.seq)
    if s is None:
        return (project.name, project.purpose, *project.goals)
    return (project.name, s.name, project.purpose, *project.goals, s.text)


#: ``ctx.shared`` key: the document's summaries by sequence number.
_SUMMARIES = "relevance.summaries"


class R111(IndicatorRule):
    """把资金支出当作产出（“各项费用支出”“服务费的支付”）。

    产出指标衡量资金换来的产品和服务；花了多少钱是投入，属于预算执行，不是产出。

    时效指标衡量按时支付（“结算款支付及时性”“资金拨付及时率”）的不算。

    **不合格**：产出指标“人大各项费用支出”，指标值“≥80%”。
    **合格**：产出指标“组织人大代表视察、执法检查次数≥4次”。
    """

    code = "R111"
    needs = OUTPUT | NOT_COST | SPENDING_NAME
    name = "relevance.spending-as-output"
    category = "相关性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        if f.l1 != "产出指标" or f.is_cost:
            return None
        m = SPENDING.search(f.name)
        if m is None or (f.l2 == "时效指标" and _ON_TIME.search(f.name)):
            # Paying on time is a 时效指标 of a subsidy or settlement (资金拨付及时率).
            return None
        return (
            "indicator.name",
            f"产出指标{quote(f.ind.name)}衡量的是资金支出（“{m.group()}”），不是资金换来的产出",
            "产出指标写用这笔钱完成了什么、完成多少，支出进度由资金支出计划和预算执行率反映",
        )


class R112(IndicatorRule):
    """效益指标放错二级指标（如“网上信访比率”列为经济效益指标）。

    经济效益指标应涉及收入、节约、成本等经济结果（``economic_words``），生态效益指标应涉及
    环境、排放等（``ecological_words``）；否则多半是社会效益指标。

    **不合格**：效益指标 / 经济效益指标 / “网上信访比率”。
    **合格**：效益指标 / 社会效益指标 / “网上信访比率”。
    """

    code = "R112"
    needs = ECONOMIC_OR_ECOLOGICAL
    name = "relevance.effect-level2"
    category = "相关性"
    severity = "warning"
    thresholds = ("economic_words", "ecological_words")

    def configure(self, t: Any) -> None:
        self.kinds = (
            ("经济效益指标", alternation(t["economic_words"])),
            ("生态效益指标", alternation(t["ecological_words"])),
        )

    def check(self, f: Facts) -> Hit | None:
        l2 = f.l2
        for kind, words in self.kinds:
            if l2 == kind and not words.search(f"{f.name}\n{f.description}"):
                return (
                    "indicator.level2",
                    f"指标{quote(f.ind.name)}衡量的不是{kind[:4]}，不应列为{kind}",
                    "按指标内容归类：反映社会影响的列为社会效益指标，"
                    "反映经济结果（收入、节约资金等）的才列为经济效益指标",
                )
        return None


#: A count of people, items or times (the name of a 数量指标).
_COUNT_NAME = re.compile(r"人数|数量|个数|次数|件数|户数|场次|台数|套数|人次|名数|项数")
#: A count of defects: a quality measure rightly counted (``安全事故次数=0次``).
_DEFECTS = re.compile(
    r"事故|投诉|差错|问题|隐患|违规|违纪|不合格|返工|故障|退回|整改|案件|信访|上访|失误|损坏|纠纷"
)


class R113(IndicatorRule):
    """质量指标衡量的是数量：名称和指标值都是个数（人数、次数），不是达标程度。

    **不合格**：质量指标“培训人数”“≥100人”。
    **合格**：质量指标“培训合格率≥95%”；“安全事故次数=0次”（缺陷的个数）。
    """

    code = "R113"
    needs = OUTPUT
    name = "relevance.quality-is-count"
    category = "相关性"
    severity = "warning"
    thresholds = ("count_units",)

    def configure(self, t: Any) -> None:
        self.units = frozenset(t["count_units"])

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if f.l2 != "质量指标" or t.unit not in self.units or not t.value:
            return None
        if t.comparator in ("<", "<=") or not _COUNT_NAME.search(f.name):
            return None
        if _DEFECTS.search(f.name):
            return None
        return (
            "indicator.level2",
            f"质量指标{quote(f.ind.name)}“{t.text}”衡量的是数量，不是质量",
            "数量列为数量指标；质量指标衡量产出达到的标准，如合格率、达标率、验收通过率",
        )


#: A measure of the work done (完成率, 资金到位率, 补贴发放率): an output, whatever its 一级.
#: (落实率 and 使用率 are left out: the library files 工作落实率 as a social benefit.)
_WORK_DONE = re.compile(
    r"(?:完成|执行|支付|拨付|发放|到位|兑现)(?:率|比例)$|完成(?:情况|数量|任务)"
)


class R118(IndicatorRule):
    """效益指标衡量的是产出：“任务完成率”“资金拨付率”列为效益指标。

    **不合格**：效益指标 / 社会效益指标 / “工作任务完成率≥100%”。
    **合格**：效益指标 / 社会效益指标 / “受益居民覆盖率≥85%”；完成率列为产出指标。
    """

    code = "R118"
    needs = NOT_COST | EFFECT
    name = "relevance.output-as-effect"
    category = "相关性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        if f.l1 != "效益指标" or f.is_satisfaction or not _WORK_DONE.search(f.name_key):
            return None
        return (
            "indicator.level1",
            f"效益指标{quote(f.ind.name)}衡量的是工作完成情况（产出），不是项目带来的效果",
            "完成率、拨付率列为产出指标；效益指标写项目带来的变化，如受益人数、覆盖率、"
            "知晓率、环境或服务的改善",
        )
