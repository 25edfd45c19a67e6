"""Wording rules: indicator names that say something measurable, of their own."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import (
    TEMPLATES,
    Context,
    DocumentRule,
    Hit,
    IndicatorRule,
    ProjectRule,
)
from jixiao.core.review.rules._facts import (
    DESCRIPTION_IS_NAME,
    NAME_DIGIT,
    NAME_IS_LEVEL2,
    NO_SATISFACTION_WORD,
    SATISFACTION,
    SATISFACTION_NAME,
    VAGUE_NAME,
    VALUE,
    Facts,
    description_key,
    uses_defaults,
)
from jixiao.core.review.rules._util import LEVEL_NAMES, alternation, key, level, nfkc, quote

_DIGIT = re.compile(r"\d")


class R040(IndicatorRule):
    """三级指标名称照抄二级指标名称。

    Any level's name counts (a 自评表 whose 二级 reads 满意度指标 and 三级 服务对象满意度指标).

    **不合格**：二级指标“服务对象满意度指标”，三级指标“服务对象满意度指标”。
    **合格**：二级指标“服务对象满意度指标”，三级指标“困难群众对补助发放的满意度”。
    """

    code = "R040"
    needs = NAME_IS_LEVEL2
    name = "wording.name-is-level2"
    category = "规范性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        if not f.name:
            return None
        if f.ind.level2 and f.name_key == key(f.ind.level2):
            what = "与二级指标名称相同"
        elif f.name_key in LEVEL_NAMES:
            what = "照抄了指标体系中的指标名称"
        else:
            return None
        return (
            "indicator.name",
            f"三级指标{quote(f.ind.name)}{what}",
            "三级指标写具体衡量什么（对象、内容和口径），不要照抄二级指标名称",
        )


class R041(IndicatorRule):
    """绩效指标描述与三级指标名称相同，没有说明口径。

    **不合格**：三级指标“服务对象满意度”，描述“服务对象满意度”。
    **合格**：描述“抽样调查受益居民中表示满意和基本满意的比例”。
    """

    code = "R041"
    needs = DESCRIPTION_IS_NAME
    name = "wording.description-is-name"
    category = "规范性"
    severity = "info"

    def check(self, f: Facts) -> Hit | None:
        if not f.name or not f.description or f.name_key != description_key(f.description):
            return None
        return (
            "indicator.description",
            f"指标描述{quote(f.ind.description)}只是重复了指标名称",
            "描述写明指标的口径和计算方法（统计对象、分子分母或计数范围）",
        )


class R042(IndicatorRule):
    """指标表述空泛、不可衡量（形象、认真完成、提升…且没有可计量的内容）。

    **不合格**：三级指标“树立良好形象”，指标值“≥100”。
    **合格**：三级指标“居民对社区服务的满意度”，指标值“≥90%”。
    """

    code = "R042"
    name = "wording.vague"
    category = "规范性"
    severity = "warning"
    # Unmeasurable is a content defect, whatever the wording category says.
    score_dimension = "measurability"
    # A copied template is reported once for the whole document by R044 instead.
    defer_to_templates = True
    thresholds = ("vague_words", "measure_words")

    def configure(self, t: Any) -> None:
        self.vague = alternation(t["vague_words"])
        self.measure = alternation(t["measure_words"])
        if uses_defaults(t, "vague_words", "measure_words"):
            self.needs = VAGUE_NAME

    def check(self, f: Facts) -> Hit | None:
        name = f.name
        if not name:
            return None
        m = self.vague.search(name)
        if m is None or self.measure.search(name) or _DIGIT.search(name):
            return None
        return (
            "indicator.name",
            f"三级指标{quote(name)}表述空泛（“{m.group()}”），无法衡量",
            "改为可计量的指标，写明对象、口径和数值",
        )


class R043(IndicatorRule):
    """满意度指标衡量的不是满意度。

    **不合格**：满意度指标 / 服务对象满意度指标 / “新时代文明实践所站运行率”。
    **合格**：满意度指标 / 服务对象满意度指标 / “参与活动群众满意度”≥90%。
    """

    code = "R043"
    needs = SATISFACTION | NO_SATISFACTION_WORD
    name = "wording.satisfaction-not-measured"
    category = "相关性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        if not f.is_satisfaction:
            return None
        if "满意" in f.name or "满意" in f.description:
            return None
        return (
            "indicator.name",
            f"满意度指标{quote(f.ind.name)}衡量的不是满意度",
            "满意度指标应衡量服务对象的满意程度；原指标按内容移到产出或效益指标",
        )


class R044(DocumentRule):
    """同一模板指标照搬到文档的许多项目（每份文档报告一次，列出各项目）。

    满意度等豁免类之外，同一一级指标下的同名三级指标出现在至少
    ``template_min_projects`` 个、且至少 ``template_min_percent``% 的项目中。

    **不合格**：30 个项目的效益指标都是“节约经费，认真完成工作 / 完成率 / ≥90”。
    **合格**：各项目按资金用途设置效益指标，如防汛项目“汛期内涝点处置及时率≥95%”。
    """

    code = "R044"
    name = "wording.template-copy"
    category = "相关性"
    # Substantive: a copied template measures nothing about the project. Each copying
    # project is charged for it (engine: findings with ``projects``).
    severity = "error"
    thresholds = ("template_min_projects", "template_min_percent", "template_exempt_level1")

    def configure(self, t: Any) -> None:
        self.exempt = frozenset(level(x) for x in t["template_exempt_level1"])

    def prepare(self, ctx: Context) -> None:
        projects = ctx.doc.projects
        # Group by the cells as written first (a plain dict, fast), then merge the few
        # distinct spellings under their normalised key.
        raw: dict[tuple[str | None, str | None], list[int]] = {}
        for index, p in enumerate(projects, 1):
            seq = p.seq if p.seq is not None else index
            for ind in p.indicators:
                k = (ind.level1, ind.name)
                seqs = raw.get(k)
                if seqs is None:
                    raw[k] = [seq]
                elif seqs[-1] != seq:
                    seqs.append(seq)
        seen: dict[tuple[str, str], set[int]] = {}
        written: dict[tuple[str, str], str] = {}
        for (l1, name), seqs in raw.items():
            if not name or level(l1) in self.exempt:
                continue
            k = (level(l1), key(name))
            seen.setdefault(k, set()).update(seqs)
            written.setdefault(k, name.strip())
        share = -(-len(projects) * self.t["template_min_percent"] // 100)  # rounded up
        need = max(self.t["template_min_projects"], share)
        ctx.shared[TEMPLATES] = {
            k: (written[k], sorted(v)) for k, v in seen.items() if len(v) >= need
        }

    def check(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for (l1, _), (name, seqs) in ctx.shared.get(TEMPLATES, {}).items():
            listed = "、".join(map(str, seqs))
            out.append(
                self.at(
                    None,
                    None,
                    "indicator.name",
                    f"{l1}“{name}”照搬到 {len(seqs)} 个项目（项目 {listed}），没有针对各项目的资金用途",
                    "按每个项目的用途和目标分别设置可衡量的指标，"
                    "如防汛项目“汛期内涝点处置及时率≥95%”、工资项目“工资按月足额发放率=100%”",
                    tuple(seqs),
                )
            )
        return out


class R045(ProjectRule):
    """同一项目中三级指标重名。

    两个同名指标的指标值不同时，消息指出其自相矛盾。

    **不合格**：项目内两个指标都叫“宣传次数”。
    **合格**：分别叫“展板宣传次数”和“入户宣传次数”。
    """

    code = "R045"
    name = "wording.duplicate-name"
    category = "规范性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        first: dict[str, int] = {}
        for n, ind in enumerate(project.indicators, 1):
            if not ind.name:
                continue
            k = key(ind.name)
            if k in first:
                other = project.indicators[first[k] - 1].target.text.strip()
                mine = ind.target.text.strip()
                clash = (
                    f"，指标值却不同（{quote(other)}与{quote(mine)}），自相矛盾"
                    if other and mine and other != mine
                    else ""
                )
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.name",
                        f"三级指标{quote(ind.name)}与第 {first[k]} 个指标重名{clash}",
                        "合并重复的指标，或把名称写得能区分各自衡量的内容",
                    )
                )
            else:
                first[k] = n
        return out


#: Words of a satisfaction name that say nothing about whose satisfaction it is.
_NO_OBJECT = re.compile(
    r"满意度|满意率|满意程度|满意|总体|综合|整体|指标|情况|调查|测评|平均|的|[()]"
)


class R047(IndicatorRule):
    """满意度指标没有说明是谁的满意度（服务对象）：名称只写“满意度”。

    **不合格**：满意度指标 / “满意度”，描述为空或也只写“满意度”。
    **合格**：“参与活动群众满意度”，或名称“满意度”、描述“接受服务的残疾人对服务的满意程度”。
    """

    code = "R047"
    needs = SATISFACTION
    name = "wording.satisfaction-without-object"
    category = "规范性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        if not f.is_satisfaction or not f.name_key or f.name_key in LEVEL_NAMES:
            return None
        if "满意" not in f.name or _NO_OBJECT.sub("", f.name_key):
            return None
        if _NO_OBJECT.sub("", key(f.description)):
            return None  # the description names whose satisfaction it is
        return (
            "indicator.name",
            f"满意度指标{quote(f.ind.name)}没有说明是谁的满意度",
            "写明服务对象，如“受助残疾人满意度”“参与活动群众满意度”，并在描述中说明调查对象和方法",
        )


#: A number with a unit written inside a 三级 name (``验收合格率达到98%``).
_NAME_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|人次|人|个|次|件|户|场|台|套|项|天|元|万元)")


class R046(IndicatorRule):
    """三级指标名称中写的数值与指标值矛盾：名称“合格率达到98%”，指标值却是“≥90%”。

    **不合格**：“验收合格率达到98%”，指标值“≥90%”。
    **合格**：名称“验收合格率”，指标值“≥98%”。
    """

    code = "R046"
    needs = VALUE | NAME_DIGIT
    name = "wording.name-number-conflict"
    category = "一致性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None or not t.unit or not any(c.isdigit() for c in f.name):
            return None
        said = [Decimal(n) for n, u in _NAME_NUMBER.findall(nfkc(f.name)) if u == t.unit]
        if not said or t.value in said or (t.upper is not None and t.upper in said):
            return None
        return (
            "indicator.name",
            f"指标名称{quote(f.ind.name)}写的数值与指标值{quote(t.text)}不一致",
            "名称只写衡量什么（如“验收合格率”），数值只写在指标值中，两处不要矛盾",
        )


class R048(IndicatorRule):
    """满意度指标放错了类别：名称是满意度，却列在产出指标或成本指标下。

    **不合格**：产出指标 / 数量指标 / “群众满意度≥90%”。
    **合格**：满意度指标 / 服务对象满意度指标 / “群众满意度≥90%”。
    """

    code = "R048"
    needs = SATISFACTION_NAME
    name = "wording.satisfaction-misfiled"
    category = "规范性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        if f.is_satisfaction or not f.name.endswith(("满意度", "满意率")):
            return None
        if f.l1 not in ("产出指标", "成本指标"):
            return None
        return (
            "indicator.level1",
            f"满意度指标{quote(f.ind.name)}列在了{f.l1}/{f.l2 or '（空）'}下",
            "满意度列为一级“满意度指标”、二级“服务对象满意度指标”",
        )
