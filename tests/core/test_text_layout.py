"""The text reader copes with the ways the layout varies, and writes what it reads."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.formats import read_bytes, to_bytes
from jixiao.core.formats.text_io import read_text


def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


def test_crlf_and_a_bom_read_the_same(seed_path, seed_doc):
    data = b"\xef\xbb\xbf" + seed_text(seed_path).replace("\n", "\r\n").encode("utf-8")
    assert read_bytes(data, "crlf.txt") == seed_doc


def test_gbk_encoded_text_reads_the_same(seed_path, seed_doc):
    data = seed_text(seed_path).encode("gb18030")
    assert read_bytes(data, "gbk.txt") == seed_doc


def test_bookmarks_do_not_change_anything(seed_path, seed_doc):
    text = seed_text(seed_path).replace("[bookmark: _Toc13316]", "")
    assert read_text(text, "x.txt") == seed_doc


def test_stray_spaces_and_tabs_inside_cells_are_removed(seed_path):
    text = seed_text(seed_path).replace("\t2.28\n", "\t 2.28 \t\n", 1)
    text = text.replace("\t残疾人专职委员工资\n", "\t残疾人专职委员工资\t \t\n", 1)
    p = read_text(text, "x.txt").projects[0]
    assert p.budget.total == Decimal("2.28")
    assert p.purpose == "残疾人专职委员工资"


def test_continuation_lines_join_the_cell_above(seed_path):
    text = seed_text(seed_path).replace(
        "\t残疾人专职委员工资\n", "\t残疾人专职委员工资\n第二段说明\n", 1
    )
    assert read_text(text, "x.txt").projects[0].purpose == "残疾人专职委员工资\n第二段说明"


def test_a_merged_level1_cell_continues_the_one_above(seed_path):
    # 一级/二级 merged down two rows: the second row's cells come out empty.
    text = seed_text(seed_path).replace(
        "\t效益指标\n\t社会效益指标\n\t树立良好形象", "\t\n\t\n\t树立良好形象", 1
    )
    ind = read_text(text, "x.txt").projects[0].indicators[1]
    assert (ind.level1, ind.level2, ind.name) == ("产出指标", "数量指标", "树立良好形象")


def test_an_all_blank_indicator_row_is_not_an_indicator(seed_path):
    text = seed_text(seed_path).replace(
        "\t满意度指标\n", "\t效益指标\n\t生态效益指标\n\t\n\t\n\t\n\t\n\n\t满意度指标\n", 1
    )
    p = read_text(text, "x.txt").projects[0]
    assert len(p.indicators) == 3


def test_writing_then_reading_text_gives_the_same_document(seed_doc):
    assert read_bytes(to_bytes(seed_doc, "text"), "again.txt") == seed_doc


def test_json_round_trip_is_lossless(seed_doc):
    assert read_bytes(to_bytes(seed_doc, "json"), "again.json") == seed_doc


def test_summaries_are_linked_by_sequence_number_with_differently_worded_names(seed_doc):
    for summary in seed_doc.project_summaries:
        assert seed_doc.project_by_seq(summary.seq) is not None
    assert seed_doc.project_summaries[5].name == "防汛费"
    assert seed_doc.project_by_seq(6).name == "防汛"
    assert seed_doc.warnings == []


def test_a_summary_whose_name_does_not_correspond_is_warned_about(seed_path):
    text = seed_text(seed_path).replace("6.防汛费\n", "6.办公楼装修\n", 1)
    doc = read_text(text, "x.txt")
    assert any("办公楼装修" in w and "防汛" in w for w in doc.warnings)


def test_the_fast_row_splitter_agrees_with_the_one_that_tracks_lines(seed_path):
    from jixiao.core.formats.text_io import _find_headings, _Reader, _values

    text = seed_text(seed_path).replace("\t2.28\n", "\t 2.28\n \n", 1)
    text = text.replace("\t项目编码\n", "一段表外文字\n\t项目编码\n", 1)
    reader = _Reader("x", text)
    headings = _find_headings(text)
    for k, m in enumerate(headings):
        span = (m.end(), headings[k + 1].start() if k + 1 < len(headings) else len(text))
        slow = [_values(raw) for _, raw, _ in reader._iter_rows(*span)]
        assert reader._rows(*span) == slow


def test_errors_name_the_line_of_the_bad_cell(seed_path):
    import pytest

    from jixiao.core.errors import ReadError

    lines = seed_text(seed_path).split("\n")
    at = lines.index("\t25%")
    lines[at] = "\t二成"
    with pytest.raises(ReadError) as e:
        read_text("\n".join(lines), "x.txt")
    assert e.value.line == at + 1 and "二成" in e.value.message


def test_a_project_without_a_plan_stays_without_one_through_text(seed):
    from jixiao.core.model import SpendingPlan

    seed.projects[0].spending_plan = SpendingPlan()
    again = read_bytes(to_bytes(seed, "text"), "again.txt")
    assert again.projects[0].spending_plan.cells == []
    assert again == seed
