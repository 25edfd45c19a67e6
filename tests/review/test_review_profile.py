"""Profiles: defaults with descriptions, overrides, selection by code/name/group, errors."""

from __future__ import annotations

import pytest

from jixiao.core.review import ProfileError, load_profile, profile_from_dict, review
from jixiao.core.review.profile import defaults, descriptions
from jixiao.core.review.rules import ALL_RULES


def test_every_threshold_has_a_description_and_a_reader() -> None:
    assert set(defaults()) == set(descriptions())
    assert all(d.strip() for d in descriptions().values())
    read = {t for r in ALL_RULES for t in r.thresholds}
    assert read == set(defaults())


def test_default_profile_enables_every_rule() -> None:
    assert load_profile().enabled == tuple(r.code for r in ALL_RULES)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({"disable": ["R041"]}, lambda c: "R041" not in c and "R040" in c),
        ({"disable": ["wording.description-is-name"]}, lambda c: "R041" not in c),
        ({"enable": ["basis"]}, lambda c: c == ("R030", "R031", "R032")),
        (
            {"enable": ["一致性"], "disable": ["error"]},
            lambda c: (
                c
                == ("R046", "R054", "R091", "R095", "R099", "R104", "R106", "R107", "R117", "R123")
            ),
        ),
        ({"disable": ["info"]}, lambda c: "R041" not in c and "R064" not in c),
    ],
)
def test_rules_selected_by_code_name_or_group(rules, expected) -> None:
    assert expected(profile_from_dict({"rules": rules}).enabled)


def test_profile_file_overrides_thresholds(tmp_path, clean_document) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[thresholds]\nmin_indicators = 7\n[score]\nwarning = 5\n", "utf-8")
    profile = load_profile(path)
    assert profile.thresholds["min_indicators"] == 7
    assert profile.thresholds["min_goals"] == defaults()["min_goals"]
    report = review(clean_document(2), profile)
    assert {f.rule for f in report.findings} == {"R012"}
    assert report.score == 95


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[thresholds]\nsatisfaction_cieling = 95\n", "未知的阈值“satisfaction_cieling”"),
        ("[rulez]\n", "未知的配置节 [rulez]"),
        ("[rules]\nenable = ['R999']\n", "没有名为“R999”的规则"),
        ("[rules]\nonly = ['R001']\n", "未知的键“only”"),
        ("[thresholds]\nmin_goals = '2'\n", "“min_goals”应是整数"),
        ("[thresholds]\nvague_words = '形象'\n", "“vague_words”应是字符串列表"),
        ("[score]\nerror = -1\n", "不能为负数"),
        ("[thresholds\n", "不是有效的 TOML"),
    ],
)
def test_bad_profiles_are_refused_with_a_clear_message(tmp_path, text, fragment) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ProfileError) as e:
        load_profile(path)
    assert fragment in str(e.value) and "bad.toml" in str(e.value)


def test_missing_profile_file(tmp_path) -> None:
    with pytest.raises(ProfileError, match="无法打开"):
        load_profile(tmp_path / "none.toml")
