"""A Chongqing department self-evaluation table (部门整体绩效自评表), added after the engine
was written: its first read was part of the held-out check (SOURCES.md)."""

from __future__ import annotations

from tests.corpus.build import N, P, T
from tests.corpus.case import Case

QUANT = "定量指标"
QUAL = "定性指标"

chongqing_department_selfeval = Case(
    id="c20_chongqing_department_selfeval",
    fmt="xlsx",
    source="https://m.yzwku.com/doc/98587.html 部门整体绩效自评表（重庆，西部（重庆）科学城融媒体中心"
    " 2021）",
    blocks=[
        P("部门整体绩效自评表"),
        P("（2021年度）"),
        T(
            [
                [
                    "主管部门",
                    "某科学城融媒体中心",
                    None,
                    "财政处室",
                    "某处",
                    "自评总分（分）",
                    N(97.6),
                    None,
                    None,
                    None,
                ],
                [
                    "部门联系人",
                    "曾某",
                    None,
                    "联系电话",
                    "023-0000000",
                    None,
                    None,
                    None,
                    None,
                    None,
                ],
                [
                    "部门预算执行情况（万元）",
                    "年初预算数",
                    "全年（调整）预算数",
                    "全年执行数",
                    "执行率（%）",
                    "执行率权重",
                    "执行率得分（分）",
                    None,
                    None,
                    None,
                ],
                [None, N(1500), N(1600), N(1216), N(0.76, "0%"), N(10), N(7.6), None, None, None],
                [
                    "当年绩效目标",
                    "年初绩效目标",
                    None,
                    "全年（调整）绩效目标",
                    None,
                    "全年目标实际完成情况",
                    None,
                    None,
                    None,
                    None,
                ],
                [
                    None,
                    "为建设科学城营造良好舆论氛围。",
                    None,
                    "无",
                    None,
                    "较好地完成了履职任务。",
                    None,
                    None,
                    None,
                    None,
                ],
                [
                    "指标名称",
                    "计量单位",
                    "指标性质",
                    "年初指标值",
                    "调整指标值",
                    "全年完成值",
                    "得分系数（%）",
                    "指标权重（分）",
                    "指标得分（分）",
                    "是否核心指标",
                ],
                ["财政供养人员控制率", "%", QUANT, "100%", None, "92%", "100%", N(2), N(2), "否"],
                ["预算完成率", "%", QUANT, "70%", None, "76%", "100%", N(2), N(2), "是"],
                ["结转结余率", "%", QUANT, "2%", None, "0", "100%", N(2), N(2), "是"],
                ["管理制度健全性", None, QUAL, "高", None, "高", "100%", N(3), N(3), "否"],
                ["资金使用合规性", None, QUAL, "好", None, "好", "100%", N(5), N(5), "否"],
                ["党性教育培训次数", "次", QUANT, "26", None, "12", "100%", N(5), N(5), "是"],
                ["播发稿件数量", "篇", QUANT, "2200", None, "2859", "100%", N(10), N(10), "是"],
            ],
            [
                "B1:C1",
                "G1:J1",
                "B2:C2",
                "E2:J2",
                "A3:A4",
                "G3:J3",
                "G4:J4",
                "A5:A6",
                "B5:C5",
                "D5:E5",
                "F5:J5",
                "B6:C6",
                "D6:E6",
                "F6:J6",
            ],
        ),
    ],
    kind="self_evaluation",
    unit_name="某科学城融媒体中心",
    unit_code=None,
    year=2021,
    money_unit="万元",
    projects=[],
    department=[
        (None, None, "财政供养人员控制率", None, "100", "%"),
        (None, None, "预算完成率", None, "70", "%"),
        (None, None, "结转结余率", None, "2", "%"),
        (None, None, "管理制度健全性", "qualitative", None, None),
        (None, None, "资金使用合规性", "qualitative", None, None),
        (None, None, "党性教育培训次数", None, "26", "次"),
        (None, None, "播发稿件数量", None, "2200", "篇"),
    ],
)

CHONGQING_CASES = [chongqing_department_selfeval]
