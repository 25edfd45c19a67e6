"""Code rules: each 项目编码 is there, 21 characters, of the document's year, and unique."""

from __future__ import annotations

import re
from typing import Any

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import GOAL_TABLES, Context, DocumentRule, ProjectRule
from jixiao.core.review.rules._facts import CODE_BLANK, CODE_LENGTH, CODE_YEAR, uses_defaults
from jixiao.core.review.rules._util import quote


class R080(ProjectRule):
    """项目编码为空。

    **不合格**：项目编码“”。
    **合格**：项目编码“13021322P00000410179E”。
    """

    code = "R080"
    needs = CODE_BLANK
    applies_to = GOAL_TABLES
    asks_for = "code"
    name = "codes.missing"
    category = "完整性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not (project.code or "").strip():
            out.append(
                self.at(
                    project,
                    None,
                    "code",
                    f"项目{quote(project.name)}没有项目编码",
                    "填写预算管理一体化系统中的项目编码（21 位）",
                )
            )
        return out


class R081(ProjectRule):
    """项目编码不是 21 位。

    **不合格**：项目编码“13021322P0000041017”（19 位）。
    **合格**：项目编码“13021322P00000410179E”（21 位：区划 6 位、年度 2 位、类型 1 位、序号 12 位）。
    """

    code = "R081"
    name = "codes.length"
    category = "规范性"
    severity = "error"
    thresholds = ("code_length",)

    def configure(self, t: Any) -> None:
        if uses_defaults(t, "code_length"):
            self.needs = CODE_LENGTH

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        code = (project.code or "").strip()
        need = self.t["code_length"]
        if code and len(code) != need:
            out.append(
                self.at(
                    project,
                    None,
                    "code",
                    f"项目编码{quote(code)}有 {len(code)} 位，应为 {need} 位",
                    "从预算管理一体化系统复制完整的项目编码",
                )
            )
        return out


class R082(ProjectRule):
    """项目编码中的年度晚于文档年度。

    项目编码的第 7–8 位是项目入库的年度，编码在项目全生命周期内不变：跨年度（延续）项目在
    以后年度沿用原编码，所以早于文档年度是正常的；晚于文档年度的编码不可能属于该年度。
    自评表在次年编写，结转项目可能已有次年编码，不检查。

    **不合格**：2022 年度文档中的项目编码“13021323P00000410179E”（第 7–8 位为 23）。
    **合格**：“13021322P00000410179E”（22），或延续项目的“13021320P00000410179E”（20）。
    """

    code = "R082"
    needs = CODE_YEAR
    applies_to = GOAL_TABLES
    name = "codes.year"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        code, year = (project.code or "").strip(), ctx.doc.year
        if not year or len(code) < 8 or not code[6:8].isdigit():
            return out
        if int(code[6:8]) > year % 100:
            out.append(
                self.at(
                    project,
                    None,
                    "code",
                    f"项目编码{quote(code)}的年度位“{code[6:8]}”晚于文档年度 {year}",
                    f"核对项目是否属于 {year} 年度：项目编码的年度是入库年度，"
                    f"不会晚于预算年度，复制 {year} 年度预算中该项目的编码",
                )
            )
        return out


class R083(DocumentRule):
    """同一项目编码出现在多个项目。

    **不合格**：项目 3 和项目 7 的编码都是“13021322P00000410178T”。
    **合格**：每个项目有自己的编码。
    """

    code = "R083"
    name = "codes.duplicate"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        first: dict[str, Project] = {}
        for p in ctx.doc.projects:
            code = (p.code or "").strip()
            if not code:
                continue
            if code in first:
                out.append(
                    self.at(
                        p,
                        None,
                        "code",
                        f"项目编码{quote(code)}与项目 {first[code].seq}{quote(first[code].name)}重复",
                        "每个项目使用自己的项目编码；同一项目的内容应合并到一张表",
                    )
                )
            else:
                first[code] = p
        return out


#: What a 项目编码 is made of: ASCII letters and digits (区划、年度、类型字母、序号).
_CODE_CHARS = re.compile(r"[0-9A-Za-z]+")


class R084(ProjectRule):
    """项目编码含有字母和数字以外的字符（汉字、全角字符、空格、标点）。

    **不合格**：“1302132２P0000041017号E”（全角数字、汉字）。
    **合格**：“13021322P00000410179E”。
    """

    code = "R084"
    name = "codes.characters"
    category = "规范性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        code = (project.code or "").strip()
        # ``_CODE_CHARS.fullmatch(code)``, in C without the regex: ASCII letters and digits.
        if not code or (code.isascii() and code.isalnum()):
            return []
        odd = "".join(dict.fromkeys(c for c in code if not _CODE_CHARS.fullmatch(c)))
        return [
            self.at(
                project,
                None,
                "code",
                f"项目编码{quote(code)}含有字母和数字以外的字符{quote(odd)}",
                "项目编码只由半角数字和字母组成：从预算管理一体化系统复制，不要手工输入",
            )
        ]
