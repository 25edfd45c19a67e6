"""Monitoring and self-evaluation measure an actual value against the same target by one
rule (`jixiao.core.actual_values.comparison`): what the self-evaluation cannot score has
no colour in monitoring, and a unit mismatch is reported by both."""

from __future__ import annotations

import pytest

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation.config import EvaluationConfig
from jixiao.core.evaluation.scoring import Unscorable, score_line
from jixiao.core.monitoring import indicator_color
from jixiao.core.monitoring.indicators import comparison_note
from jixiao.core.targets import parse_target

PAIRS = [
    ("≥100%", "80%"),
    ("≥100%", "11天"),  # units differ
    ("≤5天", "3人"),  # units differ
    ("≤-5天", "-10天"),  # a negative target
    ("≥-3人", "1人"),
    ("定性", "80"),
    ("达成", "达成"),
    ("≥NaN", "1"),
    ("≥100", "90人"),  # no unit on the target: nothing to compare
]


@pytest.mark.parametrize(("target", "actual"), PAIRS)
def test_monitoring_colours_exactly_what_the_self_evaluation_scores(target, actual):
    t, a = parse_target(target), parse_actual(actual)
    try:
        note = score_line(t, a, EvaluationConfig()).note
        scorable = True
    except Unscorable as e:
        note, scorable = str(e), False
    _, color = indicator_color(t, a, 6)
    assert (color is not None) == scorable
    assert comparison_note(t, a) == note.replace("不能计分", "不能计算进度")
