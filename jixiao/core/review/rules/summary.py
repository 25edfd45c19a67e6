"""Summary rules: each 分项绩效目标 matches its project table in name and amount."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from jixiao.core.amounts import convert
from jixiao.core.model import Project
from jixiao.core.names import names_correspond
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import WITH_PROJECTS, Context, DocumentRule, has_content
from jixiao.core.review.rules._util import nfkc, quote

_MONEY = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(亿元|万元|千元|元)")


@lru_cache(maxsize=16384)
def amounts_in(text: str) -> tuple[tuple[str, Decimal, str], ...]:
    """Amounts written in a text: (as written, value, money unit). Cached: texts repeat."""
    if "元" not in text:
        return ()  # no character but 元 itself becomes 元 under NFKC
    # The pattern is its two groups one after the other: the match is their concatenation.
    return tuple(
        [
            (f"{n}{unit}", Decimal(n.replace(",", "")), unit)
            for n, unit in _MONEY.findall(nfkc(text))
        ]
    )


@lru_cache(maxsize=16384)
def _in_unit(
    found: tuple[tuple[str, Decimal, str], ...], money_unit: str
) -> tuple[tuple[Decimal, ...], Decimal]:
    """The amounts of `amounts_in` in the document's money unit, and their sum (cached:
    summaries repeat their amounts)."""
    values = tuple([convert(v, unit, money_unit) for _, v, unit in found])
    return values, sum(values, Decimal(0))


@lru_cache(maxsize=16384)
def _correspond(a: str, b: str) -> bool:
    return a == b or names_correspond(a, b)  # the same name: the same core name


def _pairs(ctx: Context) -> Iterator[tuple[int, str, str, Project | None]]:
    tables = {p.seq: p for p in ctx.doc.projects}
    for s in ctx.doc.project_summaries:
        yield s.seq, s.name, s.text, tables.get(s.seq)


class R097(DocumentRule):
    """文档既没有项目绩效目标表，也没有部门整体绩效目标。

    没有可审核的内容：质量得分为 0，而不是“没有问题”的满分。

    **不合格**：新建的文档还没有填写任何项目，就提交审核。
    **合格**：文档至少有一张项目绩效目标表，或有部门整体绩效目标。
    """

    code = "R097"
    name = "document.empty"
    category = "完整性"
    severity = "error"

    def check(self, ctx: Context) -> list[Finding]:
        if has_content(ctx.doc):
            return []
        return [
            self.at(
                None,
                None,
                "projects",
                "文档没有任何项目绩效目标表，也没有部门整体绩效目标，没有可审核的内容",
                "至少填写一个项目的绩效目标表（或部门整体绩效目标）后再提交审核",
            )
        ]


class R090(DocumentRule):
    """分项绩效目标与项目表没有一一对应。

    只在文档有分项绩效目标部分时检查。

    **不合格**：项目表有 36 张，分项绩效目标只写了 35 条。
    **合格**：每张项目表都有同序号的分项绩效目标。
    """

    code = "R090"
    applies_to = WITH_PROJECTS
    name = "summary.missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        summaries = ctx.doc.project_summaries
        if not summaries:
            return out
        have = {s.seq for s in summaries}
        tables = {p.seq for p in ctx.doc.projects}
        for p in ctx.doc.projects:
            if p.seq not in have:
                out.append(
                    self.at(
                        p,
                        None,
                        "summary",
                        f"项目{quote(p.name)}在部门整体绩效目标中没有分项绩效目标",
                        f"在“分项绩效目标”中补写第 {p.seq} 项，概述该项目的用途和目标",
                    )
                )
        for s in summaries:
            if s.seq not in tables:
                out.append(
                    Finding(
                        self.code,
                        self.severity,
                        self.category,
                        s.seq,
                        None,
                        None,
                        "summary",
                        f"分项绩效目标第 {s.seq} 项{quote(s.name)}没有对应的项目绩效目标表",
                        "补上该项目的绩效目标表，或删去多余的分项绩效目标",
                    )
                )
        return out


class R091(DocumentRule):
    """分项绩效目标的名称与同序号项目表的名称不对应。

    **不合格**：分项第 7 项“公益岗位安置人员工资”，项目表 7 为“防汛”。
    **合格**：分项“防汛费”，项目表“防汛”（经费、费用等后缀不计）。
    """

    code = "R091"
    name = "summary.name"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for _, name, _, p in _pairs(ctx):
            if p is not None and not _correspond(name, p.name):
                out.append(
                    self.at(
                        p,
                        None,
                        "summary",
                        f"分项绩效目标{quote(name)}与项目表名称{quote(p.name)}不对应",
                        "核对分项绩效目标的顺序和名称，使其与项目绩效目标表一一对应",
                    )
                )
        return out


class R092(DocumentRule):
    """分项绩效目标中写的金额与项目表的预算数不一致。

    文中任一金额或各金额之和等于预算数即视为一致。

    **不合格**：分项“房屋租赁费……共计需租赁费39.50万元/年”，项目表预算数 52.00 万元。
    **合格**：“……共计需租赁费52.00万元/年”。
    """

    code = "R092"
    name = "summary.amount"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        money_unit = ctx.doc.money_unit
        for _, name, text, p in _pairs(ctx):
            if p is None or p.budget.total is None or not text:
                continue
            found = amounts_in(text)
            if not found:
                continue
            total = p.budget.total
            values, added = _in_unit(found, money_unit)
            if total in values or added == total:
                continue
            written = "、".join(w for w, _, _ in found)
            out.append(
                self.at(
                    p,
                    None,
                    "summary",
                    f"分项绩效目标{quote(name)}中写的金额 {written} 与项目表预算数 "
                    f"{total}{money_unit} 不一致",
                    f"核对金额，使分项绩效目标与项目表一致（项目表预算数 {total}{money_unit}）",
                )
            )
        return out
