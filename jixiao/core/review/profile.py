"""Review profiles (审核配置): which rules run, their thresholds, and the score weights.

The default profile ships as ``default_profile.toml`` beside this module: it holds the one
default of every threshold and, under ``[descriptions]``, what each threshold means. A
profile file given with ``--profile`` has the same shape and overrides only what it names.
Everything is validated when the profile is loaded: unknown sections, keys, rule names and
values of the wrong type are a `ProfileError` with a one-line Chinese message.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from types import MappingProxyType
from typing import Any

from jixiao.core.errors import JixiaoError
from jixiao.core.review.rule import DocumentRule, IndicatorRule, ProjectRule, Rule

_SECTIONS = ("rules", "thresholds", "score", "submission")
_RULE_KEYS = ("enable", "disable")
_SCORE_KEYS = (
    "error",
    "warning",
    "info",
    "rule_cap",
    "relevance",
    "coverage",
    "measurability",
    "feasibility",
    "form",
    "habit_min_projects",
    "habit_min_percent",
)
#: [submission] with_errors: what submitting a project with open 错误 does.
SUBMIT_CONFIRM, SUBMIT_REFUSE = "confirm", "refuse"
_SUBMISSION_VALUES = (SUBMIT_CONFIRM, SUBMIT_REFUSE)


class ProfileError(JixiaoError):
    """A profile file that cannot be used (unknown key, wrong type, bad TOML)."""


def _load_default() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("default_profile.toml").read_text("utf-8")
    data = tomllib.loads(text)
    thresholds, descriptions = data["thresholds"], data["descriptions"]
    # A threshold without a description, or the reverse, is a bug in the shipped file.
    if set(thresholds) != set(descriptions):
        raise RuntimeError(
            f"default_profile.toml: thresholds and descriptions differ: "
            f"{sorted(set(thresholds) ^ set(descriptions))}"
        )
    return data


class Profile:
    """A validated profile. `rules` are the enabled rule instances, built once."""

    def __init__(
        self,
        thresholds: Mapping[str, Any],
        enabled: tuple[str, ...],
        weights: Mapping[str, int],
        source: str = "默认配置",
        submit_with_errors: str = SUBMIT_CONFIRM,
        absent: frozenset[str] = frozenset(),
    ) -> None:
        self.thresholds = MappingProxyType(dict(thresholds))
        #: The optional parts the layouts reviewed with this profile lack, told to the
        #: rules that adapt to them (`Rule.adapts_to`).
        self.absent = absent
        #: `SUBMIT_CONFIRM`: a project with open 错误 is submitted after a confirmation;
        #: `SUBMIT_REFUSE`: it cannot be submitted until they are fixed.
        self.submit_with_errors = submit_with_errors
        self.enabled = enabled
        self.weights = MappingProxyType(dict(weights))
        self.source = source
        #: Indicator content → the indicator rules' hits on it (see engine.review).
        self.memo: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        #: Row shape (rules/_facts.py) → the indicator rules that can fire on it, with their
        #: bound ``check``.
        self.dispatch: dict[int, tuple[Any, ...]] = {}
        #: Project shape (rules/_project_shape.py) → the bound checks of the project rules
        #: that can fire on it.
        self.project_dispatch: dict[int, tuple[Any, ...]] = {}
        self._by_kind: dict[tuple[str, frozenset[str]], Profile] = {}

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        from jixiao.core.review.rules import RULES_BY_CODE

        return tuple(RULES_BY_CODE[code](self.thresholds, self.absent) for code in self.enabled)

    @cached_property
    def scopes(
        self,
    ) -> tuple[
        tuple[IndicatorRule, ...], tuple[Any, ...], tuple[DocumentRule, ...], tuple[Rule, ...]
    ]:
        """The engine's view: indicator rules, bound project checks, document rules, and the
        rules that prepare (only those that override `Rule.prepare`)."""
        rules = self.rules
        return (
            tuple(r for r in rules if isinstance(r, IndicatorRule)),
            tuple(r.check for r in rules if isinstance(r, ProjectRule)),
            tuple(r for r in rules if isinstance(r, DocumentRule)),
            tuple(r for r in rules if type(r).prepare is not Rule.prepare),
        )

    @cached_property
    def project_needs(self) -> int:
        """The project shape bits some enabled project rule needs (0: no shape to derive)."""
        needs = 0
        for check in self.scopes[1]:
            needs |= check.__self__.needs
        return needs

    def for_kind(self, kind: str, absent: frozenset[str] = frozenset()) -> Profile:
        """This profile without the rules that do not apply to documents of ``kind``
        (`Rule.applies_to`) or ask for a part the layout does not have (`Rule.asks_for`,
        ``absent``), its rules told of the missing parts they adapt to (`Rule.adapts_to`);
        itself when all apply as they are. Built once per kind and parts, with its own
        memo."""
        from jixiao.core.review.rules import RULES_BY_CODE

        narrowed = self._by_kind.get((kind, absent))
        if narrowed is None:
            enabled = tuple(
                c
                for c in self.enabled
                if kind in RULES_BY_CODE[c].applies_to and RULES_BY_CODE[c].asks_for not in absent
            )
            told = frozenset(
                part for c in enabled for part in RULES_BY_CODE[c].adapts_to if part in absent
            )
            narrowed = self
            if enabled != self.enabled or told != self.absent:
                narrowed = Profile(
                    self.thresholds,
                    enabled,
                    self.weights,
                    self.source,
                    self.submit_with_errors,
                    told,
                )
            self._by_kind[(kind, absent)] = narrowed
        return narrowed

    def penalty(self, severity: str) -> int:
        return self.weights[severity]


def descriptions() -> dict[str, str]:
    """Threshold name → what it means (from the default profile)."""
    return dict(_DEFAULT["descriptions"])


def defaults() -> dict[str, Any]:
    """Threshold name → its default value."""
    return dict(_DEFAULT["thresholds"])


def load_profile(path: str | os.PathLike[str] | None = None) -> Profile:
    """The default profile, overridden by the TOML file at ``path`` if given."""
    if path is None:
        return _default_profile()
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ProfileError(f"审核配置文件“{name}”无法打开：{e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(f"审核配置文件“{name}”不是有效的 TOML：{e}") from None
    return profile_from_dict(data, name)


def profile_from_dict(data: Mapping[str, Any], source: str = "审核配置") -> Profile:
    """Validate ``data`` (the parsed TOML of a profile) over the defaults."""

    def fail(message: str) -> ProfileError:
        return ProfileError(f"审核配置“{source}”：{message}")

    for section in data:
        if section not in _SECTIONS:
            raise fail(f"未知的配置节 [{section}]（可用：{'、'.join(_SECTIONS)}）")
        if not isinstance(data[section], Mapping):
            raise fail(f"[{section}] 应是一个表")
    rules = {**_DEFAULT["rules"], **_checked_keys(data.get("rules", {}), _RULE_KEYS, "rules", fail)}
    thresholds = dict(_DEFAULT["thresholds"])
    for key, value in data.get("thresholds", {}).items():
        if key not in thresholds:
            raise fail(f"未知的阈值“{key}”")
        thresholds[key] = _checked_value(key, value, thresholds[key], fail)
    weights = dict(_DEFAULT["score"])
    for key, value in _checked_keys(data.get("score", {}), _SCORE_KEYS, "score", fail).items():
        weights[key] = _checked_value(key, value, weights[key], fail)
        if weights[key] < 0:
            raise fail(f"[score] {key} 不能为负数")
    for key in _RULE_KEYS:
        rules[key] = _checked_value(key, rules[key], [""], fail)
    enabled = select_rules(rules["enable"], rules["disable"], fail)
    submission = {
        **_DEFAULT["submission"],
        **_checked_keys(data.get("submission", {}), ("with_errors",), "submission", fail),
    }
    with_errors = submission["with_errors"]
    if with_errors not in _SUBMISSION_VALUES:
        raise fail(f"[submission] with_errors 应为 {' 或 '.join(_SUBMISSION_VALUES)}")
    return Profile(thresholds, enabled, weights, source, with_errors)


def select_rules(
    enable: list[str], disable: list[str], fail: Any = ProfileError
) -> tuple[str, ...]:
    """Codes of the rules matched by ``enable`` and not by ``disable`` (codes/names/groups)."""
    from jixiao.core.review.rules import ALL_RULES

    def matches(selector: str) -> set[str]:
        hit = {r.code for r in ALL_RULES if selector in (r.code, r.name) or selector in r.groups()}
        if not hit:
            raise fail(f"没有名为“{selector}”的规则或规则组")
        return hit

    chosen: set[str] = set()
    for s in enable:
        chosen |= matches(s)
    for s in disable:
        chosen -= matches(s)
    return tuple(r.code for r in ALL_RULES if r.code in chosen)


def _checked_keys(
    table: Mapping[str, Any], allowed: tuple[str, ...], section: str, fail: Any
) -> dict[str, Any]:
    for key in table:
        if key not in allowed:
            raise fail(f"[{section}] 中未知的键“{key}”（可用：{'、'.join(allowed)}）")
    return dict(table)


def _checked_value(key: str, value: Any, default: Any, fail: Any) -> Any:
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"“{key}”应是字符串列表")
        return list(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise fail(f"“{key}”应是 true 或 false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"“{key}”应是整数")
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise fail(f"“{key}”应是字符串")
        return value
    raise fail(f"“{key}”的值无法识别")  # pragma: no cover - defaults are the four types


_DEFAULT = _load_default()
_default_cache: list[Profile] = []


def _default_profile() -> Profile:
    # Built once: the rules (and their precompiled regexes) are reused by every review.
    if not _default_cache:
        _default_cache.append(profile_from_dict({}, "默认配置"))
    return _default_cache[0]
