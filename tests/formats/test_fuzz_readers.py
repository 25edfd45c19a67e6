"""A few fuzzed inputs per reader (``make fuzz`` runs many): only `ReadError` may escape."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.core.formats import READERS

_spec = importlib.util.spec_from_file_location("fuzzing", Path(__file__).parents[1] / "fuzzing.py")
assert _spec and _spec.loader
fuzzing = sys.modules.setdefault("fuzzing", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(fuzzing)

EXAMPLES = {"xlsx": 15, "docx": 25}


@pytest.mark.parametrize("kind", list(READERS))
def test_fuzzed_inputs_raise_nothing_but_read_errors(kind: str) -> None:
    result = fuzzing.Result(kind)

    @settings(
        max_examples=EXAMPLES.get(kind, 60),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzzing.strategy(kind))
    def run(data: bytes) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fuzzing.check(kind, data, result)

    run()
    assert result.tried > 0
    assert result.failures == {}, "\n\n".join(result.failures.values())


def test_the_fuzzer_reports_a_failure(monkeypatch) -> None:
    from jixiao.core.formats import json_io

    def broken(data: bytes, name: str):
        raise ZeroDivisionError

    monkeypatch.setattr(json_io, "read_bytes", broken)
    result = fuzzing.Result("json")
    fuzzing.check("json", b'{"projects": []}', result)
    assert len(result.failures) == 1
    assert next(iter(result.failures)).startswith("ZeroDivisionError at test_fuzz_readers.py:")
    assert result.tried == 1 and result.refused == 0


def test_deeply_nested_json_is_a_read_error() -> None:
    from jixiao.core.errors import ReadError
    from jixiao.core.formats import read_bytes

    with pytest.raises(ReadError, match="嵌套"):
        read_bytes(b'{"projects": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "deep.json")


def test_an_infinite_month_in_json_is_a_read_error() -> None:
    from jixiao.core.errors import ReadError
    from jixiao.core.formats import read_bytes

    data = b'{"projects": [{"name": "x", "spending_plan": [{"month": Infinity, "text": "1"}]}]}'
    with pytest.raises(ReadError, match="JSON 内容有误"):
        read_bytes(data, "inf.json")
