"""Taxonomy rules: the 一级/二级 pair and the 三级 name are filled in and valid."""

from __future__ import annotations

from jixiao.core.review.rule import Hit, IndicatorRule
from jixiao.core.review.rules._facts import (
    LEVELS_FILLED,
    LEVELS_MISSING,
    NO_NAME,
    OFF_TAXONOMY,
    Facts,
)
from jixiao.core.review.rules._util import TAXONOMY, in_taxonomy, listing, quote


class R001(IndicatorRule):
    """一级指标或二级指标为空。

    表格本身没有一级（或二级）指标列的版式（`Document.absent`）不逐行报告该级为空。

    **不合格**：一级指标“”，二级指标“数量指标”。
    **合格**：一级指标“产出指标”，二级指标“数量指标”。
    """

    code = "R001"
    needs = LEVELS_MISSING
    name = "taxonomy.levels-missing"
    category = "完整性"
    severity = "error"
    # A layout without a 一级 column (Daqing's) or a 二级 level (Tianjin's investment plan)
    # has no cell to fill: the level is absent, not blank (`Document.absent`).
    adapts_to = frozenset({"level1", "level2"})

    def check(self, f: Facts) -> Hit | None:
        if not f.has_l1 and "level1" not in self.absent:
            return (
                "indicator.level1",
                f"指标{quote(f.ind.name)}没有填写一级指标",
                f"填写一级指标：{listing(tuple(TAXONOMY))}",
            )
        if not f.has_l2 and "level2" not in self.absent:
            options = TAXONOMY.get(f.l1, ())
            return (
                "indicator.level2",
                f"指标{quote(f.ind.name)}没有填写二级指标",
                f"填写二级指标，{quote(f.ind.level1)}下可选：{listing(options)}"
                if options
                else "填写与一级指标对应的二级指标",
            )
        return None


class R002(IndicatorRule):
    """一级/二级指标不在指标体系中（两套体系均可）。

    评价指标体系的一级指标（决策、过程、投入、管理，自评表和评审表的模板用语）及其下的
    二级指标不报告；几个二级合写（“社会、经济、生态效益指标”）也接受。

    **不合格**：一级指标“效益指标”，二级指标“数量指标”。
    **合格**：一级指标“效益指标”，二级指标“社会效益指标”；或 2021 年版的一级指标
    “成本指标”，二级指标“经济成本指标”。
    """

    code = "R002"
    needs = LEVELS_FILLED | OFF_TAXONOMY
    name = "taxonomy.pair"
    category = "规范性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        if not f.has_l1 or not f.has_l2 or in_taxonomy(f.l1, f.l2):
            return None  # blank: R001
        options = TAXONOMY.get(f.l1)
        if options is None:
            return (
                "indicator.level1",
                f"一级指标{quote(f.ind.level1)}不在指标体系中",
                f"一级指标应为：{listing(tuple(TAXONOMY))}",
            )
        return (
            "indicator.level2",
            f"二级指标{quote(f.ind.level2)}不属于一级指标{quote(f.ind.level1)}",
            f"{quote(f.ind.level1)}下的二级指标应为：{listing(options)}",
        )


class R003(IndicatorRule):
    """三级指标（指标名称）为空。

    **不合格**：产出指标 / 数量指标 / “” / ≥10人。
    **合格**：产出指标 / 数量指标 / “专职委员配备人数” / ≥8人。
    """

    code = "R003"
    needs = NO_NAME
    name = "taxonomy.name-missing"
    category = "完整性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        if f.name.strip():
            return None
        return (
            "indicator.name",
            f"{quote(f.ind.level2)}下的指标没有三级指标名称",
            "填写具体、可衡量的三级指标名称",
        )
