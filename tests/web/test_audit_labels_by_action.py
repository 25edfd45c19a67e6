"""An audit entry names a field for what was done: ``reason`` is 偏差原因分析 only for a
monitoring deviation, a return's comment is its 退回理由 (`present.field_label`)."""

from __future__ import annotations

import pytest

from jixiao.web.audit.present import changes


@pytest.mark.parametrize(
    ("action", "key", "label"),
    [
        ("deviation.create", "reason", "偏差原因分析"),
        ("progress.create", "reason", "偏差原因分析"),
        ("adjustment.request", "reason", "调整原因"),
        ("token.revoke", "reason", "撤销原因"),
        ("adjustment.return", "comment", "退回理由"),
        ("rectification.return", "comment", "退回理由"),
        ("document.return", "comment", "退回理由"),
        ("project.return", "comments", "退回理由"),
        ("rectification.accept", "comment", "验收意见"),
        ("adjustment.approve", "status", "状态"),
        ("some.new_action", "reason", "原因"),
    ],
)
def test_a_field_is_named_for_the_action(action: str, key: str, label: str) -> None:
    [row] = changes(action, {}, {key: "x"})
    assert row.label == label


def test_a_self_evaluation_line_names_its_reason_as_the_form_does() -> None:
    new = {"lines": [{"indicator": 2, "actual": "", "reason": "天气原因", "weight": None}]}
    [row] = changes("evaluation.save", {}, new)
    assert row.label == "第 2 个指标·偏差原因分析及改进措施"


@pytest.mark.parametrize(
    ("action", "old", "new", "shown"),
    [
        ("rectification.answer", "open", "answered", ("待整改", "已报送整改情况")),
        ("rectification.accept", "answered", "accepted", ("已报送整改情况", "已验收")),
        ("rectification.return", "answered", "returned", ("已报送整改情况", "退回重新整改")),
        ("adjustment.approve", "pending", "approved", ("待审核", "已批准")),
        ("project.approve", "submitted", "approved", ("已提交", "已审核")),
    ],
)
def test_a_status_is_named_for_what_the_action_acts_on(action, old, new, shown) -> None:
    [row] = changes(action, {"status": old}, {"status": new})
    assert (row.old, row.new) == shown


def test_a_rectification_answer_names_its_measures_and_evidence() -> None:
    rows = changes("rectification.answer", {}, {"measures": "补充材料", "attachments": ["a.pdf"]})
    assert [(r.label, r.new) for r in rows] == [("整改措施", "补充材料"), ("佐证材料", "a.pdf")]
