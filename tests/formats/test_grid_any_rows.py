"""Whatever rows of cells a file yields, the layout engine gives a document or one
`ReadError`: never another exception. Cells are drawn from the words real layouts use."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.errors import ReadError
from jixiao.core.formats.grid import Builder, Cell, Row

WORDS = [
    "", "项目名称", "项目编码", "51000021R000000019951-工资性支出", "预算数（万元）", "资金总额：",
    "120万(含设备采购80万元)", "—", "/", "无", "1,250,000.00", "1250000元", "两万元", "25%",
    "一级指标", "二级指标", "三级指标（本年度）", "绩效指标", "长期绩效指标", "年度绩效指标",
    "指标内容", "指标值", "年度指标值（计划）", "实施期指标值", "指标性质", "指标方向", "度量单位",
    "权重", "分值", "得分", "实际完成值", "偏差原因分析及改进措施", "年初预算数", "全年预算数",
    "全年执行数", "执行率", "本年度申请金额", "总额", "合计", "年度资金总额", "预期目标",
    "实际完成情况", "产出指标(50分)", "数量指标", "指标1:", "……", "≥90%", "±5%以内", "正向",
    "定性", "达成年度指标", "注：说明", "填表人：张某", "单位名称（盖章）：某局", "金额单位：元",
    "512001-某某镇人民政府", "（2023年度）", "某某局2023年项目支出绩效目标表", "部门整体支出绩效目标表",
    "项目支出绩效自评表", "资金支出计划（%）", "3月底", "1.社区保洁绩效目标表", "其中：财政资金",
]  # fmt: skip

cells = st.lists(
    st.tuples(st.sampled_from(WORDS), st.booleans(), st.integers(1, 3)), min_size=1, max_size=8
)
rows = st.lists(st.tuples(cells, st.booleans(), st.sampled_from(["", "表2"])), max_size=25)


def _row(n: int, spec: tuple[list[tuple[str, bool, int]], bool, str]) -> Row:
    items, para, section = spec
    out, col = [], 0
    for text, cont, span in items:
        out.append(Cell(text, col, span, cont=cont and col > 0, place=f"第 {n} 行"))
        col += span
    return Row(out, f"第 {n} 行", para=para and len(out) == 1, section=section)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_any_rows_give_a_document_or_one_read_error(specs) -> None:
    b = Builder("any.docx")
    try:
        b.feed(_row(n, s) for n, s in enumerate(specs, 1))
        doc = b.document("全文")
    except ReadError as e:
        assert e.message and "\n" not in e.message
        return
    assert doc.kind in ("goals", "self_evaluation")
    assert doc.projects or doc.department_indicators
