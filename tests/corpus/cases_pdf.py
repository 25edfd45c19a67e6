"""Ruled PDF tables (drawn with reportlab by `build.to_pdf`, independently of our PDF
writer) rebuilt from published application templates; the expected model is hand-written."""

from __future__ import annotations

from tests.corpus.build import P, T
from tests.corpus.case import Case, Proj

Q = "服务对象满意度指标"

municipal_application = Case(
    id="c21_municipal_application",
    fmt="pdf",
    source="pages corpus: 项目支出绩效目标申报表（ 年度）— municipal template with 项目预算（万元）"
    "资金总额/其中：市财政资金/其他资金, 总目标/本年度目标, 总目标绩效指标 and 本年度绩效指标 tables, "
    "审核意见 block (publisher not named in the copy found)",
    blocks=[
        P("项目支出绩效目标申报表"),
        P("（2024年度）"),
        P("填报单位（盖章）：某某市城市管理局"),
        T(
            [
                ["项目名称", "城区道路照明设施维护", None, None, None, None],
                ["项目属性", "延续项目", None, "主管部门", "某某市城市管理局", None],
                ["项目负责人", "王某", None, "联系电话", "0000-0000000", None],
                ["项目预算（万元）", "资金总额", "320.50", "其中：市财政资金", "300.50", None],
                [None, "其他资金", "20", None, None, None],
                [
                    "项目绩效目标描述",
                    "总目标",
                    "保障城区道路照明设施完好，提升夜间出行安全",
                    None,
                    None,
                    None,
                ],
                [
                    None,
                    "本年度目标",
                    "完成城区主次干道路灯日常维护，亮灯率不低于98%",
                    None,
                    None,
                    None,
                ],
            ],
            [
                "B1:F1",
                "B2:C2",
                "E2:F2",
                "B3:C3",
                "E3:F3",
                "A4:A5",
                "E4:F4",
                "A6:A7",
                "C6:F6",
                "C7:F7",
            ],
        ),
        T(
            [
                ["总目标绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
                [None, "产出指标", "数量指标", "维护路灯数量", "≥12000盏", None],
                [None, "效益指标", "社会效益指标", "夜间出行安全保障", "持续提升", None],
                [None, "满意度指标", Q, "市民满意度", "≥90%", None],
            ],
            ["A1:A4"],
        ),
        T(
            [
                ["本年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
                [None, "产出指标", "数量指标", "维护路灯数量", "≥12000盏", None],
                [None, None, "质量指标", "主次干道亮灯率", "≥98%", None],
                [None, None, "时效指标", "故障修复时限", "≤48小时", None],
                [None, None, "成本指标", "单灯年维护成本", "≤267元", None],
                [None, "效益指标", "社会效益指标", "夜间交通事故发生率", "逐年下降", None],
                [None, "满意度指标", Q, "市民满意度", "≥90%", None],
                ["审核意见", "主管部门审核意见", None, "审核人：", None, None],
                [None, "市财政局审核意见", None, "审核人：", None, None],
            ],
            ["A1:A7", "B2:B5", "A8:A9"],
        ),
        P("填报人及联系电话：            填报日期："),
    ],
    kind="goals",
    unit_name="某某市城市管理局",
    unit_code=None,
    year=2024,
    money_unit="万元",
    projects=[
        Proj(
            "城区道路照明设施维护",
            None,
            "320.50",
            [
                ("产出指标", "数量指标", "维护路灯数量", ">=", "12000", "盏"),
                ("产出指标", "质量指标", "主次干道亮灯率", ">=", "98", "%"),
                ("产出指标", "时效指标", "故障修复时限", "<=", "48", "小时"),
                ("产出指标", "成本指标", "单灯年维护成本", "<=", "267", "元"),
                ("效益指标", "社会效益指标", "夜间交通事故发生率", "qualitative", None, None),
                ("满意度指标", Q, "市民满意度", ">=", "90", "%"),
            ],
        )
    ],
)

central_reference_template = Case(
    id="c22_central_reference_template",
    fmt="pdf",
    source="pages corpus: 绩效目标申报表（参考模板）附2-2 困难群众救助项目 — central transfer-payment "
    "reference template: 资金情况（万元） 年度资金总额/其中：财政拨款/其他资金, 年度目标 目标1–3, "
    "一级指标 merged down, 三级指标/指标值 with ≥…人次, …元/人·月",
    blocks=[
        P("绩效目标申报表（参考模板）"),
        P("（2023年度）"),
        T(
            [
                ["项目名称", "困难群众救助", None, None, None],
                ["主管部门", "某某县民政局", None, "实施单位", "某某县民政局"],
                ["资金情况（万元）", "年度资金总额：", "1,860.00", None, None],
                [None, "其中：财政拨款", "1,800.00", None, None],
                [None, "其他资金", "60.00", None, None],
                [
                    "年度目标",
                    "目标1：保障农村低保对象基本生活。\n目标2：落实特困人员救助供养。\n"
                    "目标3：及时实施临时救助。",
                    None,
                    None,
                    None,
                ],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
                [None, "产出指标", "数量指标", "农村低保发放人数", "≥5200人"],
                [None, None, None, "临时救助人次数", "≥800人次"],
                [None, None, "质量指标", "符合条件的困难群众应保尽保率", "100%"],
                [None, None, "成本指标", "农村低保标准", "≥560元/人·月"],
                [None, "效益指标", "社会效益指标", "政策知晓率", "≥95%"],
                [None, "满意度指标", Q, "受助对象满意度", "≥90%"],
            ],
            [
                "B1:E1",
                "B2:C2",
                "A3:A5",
                "C3:E3",
                "C4:E4",
                "C5:E5",
                "B6:E6",
                "A7:A13",
                "B8:B11",
                "C8:C9",
            ],
        ),
    ],
    kind="goals",
    unit_name="某某县民政局",
    unit_code=None,
    year=2023,
    money_unit="万元",
    projects=[
        Proj(
            "困难群众救助",
            None,
            "1860.00",
            [
                ("产出指标", "数量指标", "农村低保发放人数", ">=", "5200", "人"),
                ("产出指标", "数量指标", "临时救助人次数", ">=", "800", "人次"),
                ("产出指标", "质量指标", "符合条件的困难群众应保尽保率", None, "100", "%"),
                ("产出指标", "成本指标", "农村低保标准", ">=", "560", "元/人·月"),
                ("效益指标", "社会效益指标", "政策知晓率", ">=", "95", "%"),
                ("满意度指标", Q, "受助对象满意度", ">=", "90", "%"),
            ],
        )
    ],
)

PDF_CASES = [municipal_application, central_reference_template]
