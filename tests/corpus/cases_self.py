"""Self-evaluation tables (项目支出绩效自评表) rebuilt from published layouts: the central
template, a central transfer-payment table and provincial ones (Sichuan, Yunnan)."""

from __future__ import annotations

from tests.corpus.build import N, P, T
from tests.corpus.case import Case, Proj

Q = "服务对象满意度指标"
PCT = "0.00%"


def _sichuan(
    code_name: str,
    department: str,
    unit: str,
    money: tuple[float, float, float, float, int, int],
    indicators: list[tuple[str | None, str | None, str, str, object, str, object, int, int]],
) -> T:
    """One 部门预算项目支出绩效自评表 of Sichuan's template (报表编号 510000_0013zp)."""
    initial, adjusted, executed, rate, weight, score = money
    rows: list[list[object]] = [
        ["部门预算项目支出绩效自评表(2023年度)"] + [None] * 10,
        ["项目名称", code_name] + [None] * 9,
        ["主管部门", department, None, None, None, "实施单位 (盖章)", unit, None, None, None, None],
        ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", None, None, None, "年度目标完成情况",
         None, None, None, None],
        [None, None, "按要求完成项目年度任务。", None, None, None, "已完成。", None, None, None, None],
        [None, "2.项目实施内容及过程概述", "按计划实施并完成资金支付。"] + [None] * 8,
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率",
         "权重", "得分", "原因", None, None],
        [None, "总额", N(initial, "0.00"), N(adjusted, "0.00"), N(executed, "0.00"), N(rate, PCT),
         N(weight), N(score), "1.预算执行率=预算执行数/调整后预算数……", None, None],
        [None, "其中:财政资金", N(initial, "0.00"), N(adjusted, "0.00"), N(executed, "0.00"),
         N(rate, PCT), "/", "/", None, None, None],
        [None, "财政专户管理资金", N(0, "0.00"), N(0, "0.00"), N(0, "0.00"), N(0, PCT), "/", "/",
         None, None, None],
        [None, "其他资金", None, None, None, None, "/", "/", None, None, None],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
         "权重", "得分", "未完成原因分析"],
    ]
    for l1, l2, name, comp, value, unit_, actual, w, s in indicators:
        rows.append([None, l1, l2, name, comp, value, unit_, actual, N(w), N(s), None])
    n = len(indicators)
    total = sum(i[7] for i in indicators)
    rows += [
        ["合计"] + [None] * 7 + [N(total), None, None],
        ["评价结论", "项目按计划完成。"] + [None] * 9,
        ["存在问题", "无"] + [None] * 9,
        ["改进措施", "无"] + [None] * 9,
        ["项目负责人:", None, None, None, None, "财务负责人:", None, None, None, None, None],
    ]
    h = 12  # the header row of the indicators, 1-based
    merges = [
        "A1:K1", "B2:K2", "B3:E3", "G3:K3", "A4:A6", "B4:B5", "C4:F4", "G4:K4", "C5:F5", "G5:K5",
        "C6:K6", "A7:A11", "I7:K7", "I8:K11", f"A{h}:A{h + n}", f"A{h + n + 1}:H{h + n + 1}",
        f"B{h + n + 2}:K{h + n + 2}", f"B{h + n + 3}:K{h + n + 3}", f"B{h + n + 4}:K{h + n + 4}",
    ]
    return T(rows, merges)  # type: ignore[arg-type]


sichuan_qingshen = Case(
    id="c02_sichuan_qingshen_selfeval",
    fmt="xlsx",
    source="https://www.scqs.gov.cn/info/13206/211004.htm 青神县发展和改革局部门预算项目支出绩效自评表"
    "（2023年度）",
    blocks=[
        P("报表编号:510000_0013zp"),
        _sichuan(
            "51000021R000000019951-工资性支出",
            "青神县发展和改革局本级",
            "青神县发展和改革局",
            (238.93, 251.89, 251.89, 1, 10, 10),
            [
                ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", N(100), "%", N(100), 60, 60),
                ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", N(100), "%", N(100), 30, 30),
            ],
        ),
    ],
    kind="self_evaluation",
    unit_name="青神县发展和改革局",
    unit_code=None,
    year=2023,
    money_unit="万元",
    projects=[
        Proj(
            "工资性支出",
            "51000021R000000019951",
            "251.89",
            [
                ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%"),
                ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", "100", "%"),
            ],
            execution={
                "budget_initial": "238.93",
                "budget_adjusted": "251.89",
                "executed": "251.89",
                "rate": "100.00",
                "weight": "10",
                "score": "10",
            },
            results=[("60", "100", "60"), ("30", "100", "30")],
        )
    ],
)

sichuan_daying = Case(
    id="c03_sichuan_daying_selfeval_two_projects",
    fmt="docx",
    source="https://dyxrmt.cn/article-157795-21.html 大英县司法局部门预算项目支出绩效自评表（2023年度）",
    blocks=[
        _sichuan(
            "51092324T000010263357-2023年全县安可替代补助资金项目",
            "大英县司法局部门",
            "大英县司法局",
            (0, 3.36, 3.36, 1, 10, 10),
            [
                ("产出指标", "质量指标", "完成安可产品购买并按要求支付资金", "=", "100", "%", "100", 50,
                 50),
                ("成本指标", "经济成本指标", "成本控制数", "≤", "3.36", "万元", "3.36", 40, 40),
            ],
        ),
        P(""),
        _sichuan(
            "51092324T000010263358-2023年法律援助补助资金",
            "大英县司法局部门",
            "大英县司法局",
            (5, 5, 4.5, 0.9, 10, 9),
            [
                ("产出指标", "数量指标", "办理法律援助案件数", "≥", "80", "件", "85", 60, 60),
                ("满意度指标", Q, "受援人满意度", "≥", "90", "%", "95", 30, 30),
            ],
        ),
    ],
    kind="self_evaluation",
    unit_name="大英县司法局",
    unit_code=None,
    year=2023,
    money_unit="万元",
    projects=[
        Proj(
            "2023年全县安可替代补助资金项目",
            "51092324T000010263357",
            "3.36",
            [
                ("产出指标", "质量指标", "完成安可产品购买并按要求支付资金", "=", "100", "%"),
                ("成本指标", "经济成本指标", "成本控制数", "<=", "3.36", "万元"),
            ],
            execution={
                "budget_initial": "0.00",
                "budget_adjusted": "3.36",
                "executed": "3.36",
                "rate": "100.00",
                "weight": "10",
                "score": "10",
            },
            results=[("50", "100", "50"), ("40", "3.36", "40")],
        ),
        Proj(
            "2023年法律援助补助资金",
            "51092324T000010263358",
            "5.00",
            [
                ("产出指标", "数量指标", "办理法律援助案件数", ">=", "80", "件"),
                ("满意度指标", Q, "受援人满意度", ">=", "90", "%"),
            ],
            execution={
                "budget_initial": "5.00",
                "budget_adjusted": "5.00",
                "executed": "4.50",
                "rate": "90.00",
                "weight": "10",
                "score": "9",
            },
            results=[("60", "85", "60"), ("30", "95", "30")],
        ),
    ],
)

central_transfer = Case(
    id="c04_central_transfer_selfeval",
    fmt="xlsx",
    source="https://m.jinchutou.com/shtml/view-209397929.html 中央引导地方科技发展资金绩效目标自评表"
    "（2021年度）",
    blocks=[
        P("附件3"),
        T(
            [
                ["中央引导地方科技发展资金绩效目标自评表", None, None, None, None, None, None, None],
                ["（2021年度）", None, None, None, None, None, None, None],
                ["转移支付（项目）名称", None, "中央引导地方科技发展资金", None, None, None, None, None],
                ["中央主管部门", None, "财政部、科技部", None, None, "地方主管部门", "省财政厅、省科技厅",
                 None],
                ["实施单位", None, "某省科学技术厅", None, None, None, None, None],
                ["项目资金（万元）", None, None, "全年预算数（A）", "全年执行数（B）", None,
                 "预算执行率（B/A）", None],
                [None, None, "年度资金总额：", N(5000, "0.00"), N(4750, "0.00"), None, N(0.95, PCT),
                 None],
                [None, None, "其中：中央补助地方资金", N(4000, "0.00"), N(3800, "0.00"), None,
                 N(0.95, PCT), None],
                [None, None, "其他资金", N(1000, "0.00"), N(950, "0.00"), None, N(0.95, PCT), None],
                ["年度总体目标", "年初设定目标", None, None, "全年实际完成情况", None, None, None],
                [None, "支持基础研究和科技成果转化。", None, None, "完成年度目标。", None, None, None],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值",
                 "未完成原因和改进措施", None],
                [None, "产出指标", "数量指标", "支持自由探索类基础研究项目数量", "≥50个", "56个", None,
                 None],
                [None, None, None, "转化科技成果数量", "≥20项", "22项", None, None],
                [None, None, "质量指标", "项目验收通过率", "≥90%", "95%", None, None],
                [None, "效益指标", "社会效益指标", "带动地方科技投入", "≥1亿元", "1.2亿元", None, None],
                [None, "满意度指标", Q, "项目承担单位满意度", "≥85%", "90%", None, None],
                ["说明", "请在“未完成原因和改进措施”栏说明偏离目标的原因。", None, None, None, None, None,
                 None],
            ],
            ["A1:H1", "A2:H2", "A3:B3", "C3:H3", "A4:B4", "C4:E4", "G4:H4", "A5:B5", "C5:H5",
             "A6:B9", "E6:F6", "G6:H6", "E7:F7", "G7:H7", "E8:F8", "G8:H8", "E9:F9", "G9:H9",
             "A10:A11", "B10:D10", "E10:H10", "B11:D11", "E11:H11", "G12:H12", "A12:A17",
             "B13:B15", "C13:C14", "B18:H18"],
        ),
    ],
    kind="self_evaluation",
    unit_name="某省科学技术厅",
    unit_code=None,
    year=2021,
    money_unit="万元",
    projects=[
        Proj(
            "中央引导地方科技发展资金",
            None,
            "5000.00",
            [
                ("产出指标", "数量指标", "支持自由探索类基础研究项目数量", ">=", "50", "个"),
                ("产出指标", "数量指标", "转化科技成果数量", ">=", "20", "项"),
                ("产出指标", "质量指标", "项目验收通过率", ">=", "90", "%"),
                ("效益指标", "社会效益指标", "带动地方科技投入", ">=", "1", "亿元"),
                ("满意度指标", Q, "项目承担单位满意度", ">=", "85", "%"),
            ],
            execution={
                "budget_initial": None,
                "budget_adjusted": "5000.00",
                "executed": "4750.00",
                "rate": "95.00",
                "weight": None,
                "score": None,
            },
            results=[
                (None, "56个", None),
                (None, "22项", None),
                (None, "95%", None),
                (None, "1.2亿元", None),
                (None, "90%", None),
            ],
        )
    ],
)

central_template = Case(
    id="c05_central_selfeval_template",
    fmt="docx",
    source="http://biz.doczj.com/doc/174893555.html 项目支出绩效自评表（财预〔2020〕10号附件式样）",
    blocks=[
        T(
            [
                ["项目支出绩效自评表"] + [None] * 9,
                ["（2022年度）"] + [None] * 9,
                ["项目名称", None, "社区养老服务中心运营"] + [None] * 7,
                ["主管部门", None, "某市民政局", None, None, None, "实施单位", "某市社会福利院", None, None],
                ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                 "得分", None],
                [None, None, "年度资金总额", "120", "120", "108", "10", "90%", "9", None],
                [None, None, "其中：当年财政拨款", "100", "100", "90", "—", "—", "—", None],
                [None, None, "上年结转资金", "20", "20", "18", "—", "—", "—", None],
                [None, None, "其他资金", "—", "—", "—", "—", "—", "—", None],
                ["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None, None],
                [None, "为辖区老人提供日间照料服务。", None, None, None, "全年服务老人1.2万人次。", None,
                 None, None, None],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施", None],
                [None, "产出指标", "数量指标", "服务老人人次", "≥10000人次", "12000人次", "20", "20", None,
                 None],
                [None, None, "质量指标", "服务安全事故发生率", "≤1%", "0%", "15", "15", None, None],
                [None, None, "时效指标", "服务按时开展率", "100%", "95%", "15", "14.25",
                 "个别时段暂停服务", None],
                [None, "效益指标", "社会效益指标", "老人生活质量改善", "有效改善", "达成年度指标", "30", "27",
                 None, None],
                [None, "满意度指标", Q, "老人满意度", "≥90%", "93%", "10", "10", None, None],
                ["总分", None, None, None, None, None, "100", "95.25", None, None],
            ],
            ["A1:J1", "A2:J2", "A3:B3", "C3:J3", "A4:B4", "C4:F4", "H4:J4", "A5:B9", "I5:J5",
             "I6:J6", "A10:A11", "B10:E10", "F10:J10", "B11:E11", "F11:J11", "I12:J12",
             "A12:A17", "B13:B15", "A18:F18"],
        ),
    ],
    kind="self_evaluation",
    unit_name="某市社会福利院",
    unit_code=None,
    year=2022,
    money_unit="万元",
    projects=[
        Proj(
            "社区养老服务中心运营",
            None,
            "120",
            [
                ("产出指标", "数量指标", "服务老人人次", ">=", "10000", "人次"),
                ("产出指标", "质量指标", "服务安全事故发生率", "<=", "1", "%"),
                ("产出指标", "时效指标", "服务按时开展率", None, "100", "%"),
                ("效益指标", "社会效益指标", "老人生活质量改善", "qualitative", None, None),
                ("满意度指标", Q, "老人满意度", ">=", "90", "%"),
            ],
            execution={
                "budget_initial": "120",
                "budget_adjusted": "120",
                "executed": "108",
                "rate": "90",
                "weight": "10",
                "score": "9",
            },
            results=[
                ("20", "12000人次", "20"),
                ("15", "0%", "15"),
                ("15", "95%", "14.25"),
                ("30", "达成年度指标", "27"),
                ("10", "93%", "10"),
            ],
        )
    ],
)

yunnan_honghe = Case(
    id="c16_yunnan_honghe_selfeval_inconsistent",
    fmt="docx",
    source="https://www.hh.gov.cn/info/11481/1179592.htm 红河州数据发展中心2024年度项目支出绩效单位自评"
    "报告（附表）",
    blocks=[
        P("项目支出绩效自评表"),
        P("（2024年度）"),
        T(
            [
                ["项目名称", "“数说红河”展厅运维经费"] + [None] * 7,
                ["主管部门", "红河州数据局", None, None, "实施单位", "红河州数据发展中心", None, None, None],
                ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                 None],
                [None, "年度资金总额", N(50, "0.00"), N(45, "0.00"), N(40.5, "0.00"), N(10), N(0.9, PCT),
                 N(9), None],
                [None, "其中：当年财政拨款", N(50, "0.00"), N(45, "0.00"), N(40.5, "0.00"), "—", "—", "—",
                 None],
                [None, "其他资金", "—", "—", "—", "—", "—", "—", None],
                ["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None],
                [None, "保障展厅正常运转。", None, None, None, "展厅全年正常开放。", None, None, None],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"],
                [None, "产出指标", "数量指标", "展厅开放天数", "≥250天", "260天", "25", "25", None],
                [None, None, "质量指标", "设备完好率", "≥95%", "96%", "25", "25", None],
                [None, "效益指标", "社会效益指标", "接待参观人次", "≥10000人次", "8000人次", "20", "18",
                 "客流恢复慢，下一步加强宣传。"],
                [None, "满意度指标", Q, "参观者满意度", "≥90%", "92%", "20", "20", None],
                ["总分", None, None, None, None, None, "100", "97", None],
            ],
            ["B1:I1", "B2:D2", "F2:I2", "A3:A6", "A7:A8", "B7:E7", "F7:I7", "B8:E8", "F8:I8",
             "A9:A13", "B10:B11", "A14:F14"],
        ),
    ],
    kind="self_evaluation",
    unit_name="红河州数据发展中心",
    unit_code=None,
    year=2024,
    money_unit="万元",
    projects=[
        Proj(
            "“数说红河”展厅运维经费",
            None,
            "45.00",
            [
                ("产出指标", "数量指标", "展厅开放天数", ">=", "250", "天"),
                ("产出指标", "质量指标", "设备完好率", ">=", "95", "%"),
                ("效益指标", "社会效益指标", "接待参观人次", ">=", "10000", "人次"),
                ("满意度指标", Q, "参观者满意度", ">=", "90", "%"),
            ],
            execution={
                "budget_initial": "50.00",
                "budget_adjusted": "45.00",
                "executed": "40.50",
                "rate": "90.00",
                "weight": "10",
                "score": "9",
            },
            results=[
                ("25", "260天", "25"),
                ("25", "96%", "25"),
                ("20", "8000人次", "18"),
                ("20", "92%", "20"),
            ],
        )
    ],
)

SELF_CASES = [sichuan_qingshen, sichuan_daying, central_transfer, central_template, yunnan_honghe]
