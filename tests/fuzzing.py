"""Fuzzing every reader with hypothesis: any exception other than `ReadError` is a failure.

Inputs start from the seed document written in each format and are mutated where bugs
live: cell texts replaced by awkward values (``1e999999``, ``NaN``, full-width digits…),
lines and XML fragments deleted, duplicated or cut, bytes flipped (damaged zips), and raw
random bytes. Zip members are re-zipped honestly after an XML mutation, so the XML parser
and the table reader see the damage, not only the CRC check.

``make fuzz`` runs ``python tests/fuzzing.py`` for ``FUZZ_SECONDS`` seconds per reader and
prints the inputs tried and the failures; tests/formats/test_fuzz_readers.py runs a few
examples of each strategy.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import io
import json
import re
import sys
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SEED = Path(__file__).parent / "data" / "xiwanglu-2022-performance-goals.txt"

#: Cell values that have broken readers of budget tables before, or might.
NASTY = [
    "1e999999", "-1e999999", "1e-999999", "1e18", "999999999999999999999999", "NaN", "-NaN",
    "sNaN", "Infinity", "-Infinity", "inf", "0", "-0", "00.00", "1,234.5", "１２３．４５",
    "½", "٣", "0x1F", "1_000", "  ", "", "\t", "%", "1e999999%", "-5%", "200%", "≥", "≥1e999999%",
    "＜＝", "=8人", "≤-0天", "2022-13-45", "—", "、", "一是", "1.", "1.绩效目标表", "单位：元",
    "单位：亿元", "项目编码", "预算数", "其中：财政资金", "三级指标", "3月底", "\x00", "\ufeff",
    "\u202e", "😀", "𠀀", "a" * 300, "[bookmark: x]", "<w:t>", "&amp;", "]]>",
]  # fmt: skip


@cache
def small_doc() -> Any:
    """The seed's department part and first three projects (fast to read in every format)."""
    from jixiao.core.formats import read

    doc = copy.deepcopy(read(SEED))
    doc.projects = doc.projects[:3]
    doc.project_summaries = doc.project_summaries[:3]
    return doc


@cache
def seed_bytes(kind: str) -> bytes:
    from jixiao.core.formats import WRITERS, to_bytes

    return to_bytes(small_doc(), kind) if kind in WRITERS else b""


def _nasty() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


# -- text --------------------------------------------------------------------------------


@st.composite
def text_inputs(draw: st.DrawFn) -> bytes:
    lines = seed_bytes("text").decode("utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["cell", "cell", "delete", "duplicate", "insert"]))
        if op == "cell":
            lines[i] = ("\t" if lines[i].startswith("\t") else "") + draw(_nasty()) + "\n"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines[i:i] = lines[i : i + draw(st.integers(1, 30))]
        else:
            lines.insert(i, draw(st.sampled_from(["\t", ""])) + draw(_nasty()) + "\n")
        if not lines:
            lines = ["\n"]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return "".join(lines).encode(encoding, errors="replace")


# -- json --------------------------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.sampled_from(NASTY),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            out += _paths(v, (*prefix, k))
    return out


@st.composite
def json_inputs(draw: st.DrawFn) -> bytes:
    obj = json.loads(seed_bytes("json"))
    paths = _paths(obj)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        if not path:
            continue
        parent = obj
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = draw(_JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this branch
    text = json.dumps(obj, ensure_ascii=False)
    if draw(st.integers(0, 9)) == 0:
        depth = draw(st.integers(100, 100_000))
        text = '{"projects": ' + "[" * depth + "]" * depth + "}"
    return text.encode("utf-8")


# -- zip formats (docx, xlsx) ------------------------------------------------------------

_TEXT_NODE = re.compile(rb"(<(?:w:t|t|v)(?: [^>]*)?>)([^<]*)(</(?:w:t|t|v)>)")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _main_members(kind: str, names: list[str]) -> list[str]:
    if kind == "docx":
        return ["word/document.xml"]
    return [n for n in names if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]


@st.composite
def zip_inputs(draw: st.DrawFn, kind: str) -> bytes:
    data = seed_bytes(kind)
    how = draw(st.sampled_from(["cells", "cells", "cells", "xml", "bytes", "members"]))
    if how == "bytes":  # damage the container itself
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            del out[draw(st.integers(0, len(out) - 1)) :]
        return bytes(out)
    members = _members(data)
    if how == "members":  # drop or empty a member
        name = draw(st.sampled_from(sorted(members)))
        if draw(st.booleans()):
            del members[name]
        else:
            members[name] = draw(st.sampled_from([b"", b"<", b"<?xml version='1.0'?>", b"\x00"]))
        return _rezip(members)
    name = draw(st.sampled_from(_main_members(kind, sorted(members))))
    xml = members[name]
    if how == "cells":  # awkward values where the reader expects amounts, codes, targets
        nodes = list(_TEXT_NODE.finditer(xml))
        if nodes:
            chosen = {draw(st.integers(0, len(nodes) - 1)) for _ in range(draw(st.integers(1, 6)))}
            parts, last = [], 0
            for k in sorted(chosen):
                m = nodes[k]
                value = draw(_nasty()).encode("utf-8", errors="replace")
                value = value.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
                parts += [xml[last : m.start(2)], value]
                last = m.end(2)
            xml = b"".join(parts) + xml[last:]
    else:  # cut, drop or duplicate a slice of the XML
        a = draw(st.integers(0, len(xml)))
        b = draw(st.integers(a, min(len(xml), a + 2000)))
        op = draw(st.sampled_from(["delete", "duplicate", "truncate"]))
        xml = {
            "delete": xml[:a] + xml[b:],
            "duplicate": xml[:b] + xml[a:b] + xml[b:],
            "truncate": xml[:a],
        }[op]
    members[name] = xml
    return _rezip(members)


def raw_inputs(kind: str) -> st.SearchStrategy[bytes]:
    """Flipped bytes of the format's seed (or random bytes when nothing writes it)."""

    @st.composite
    def flipped(draw: st.DrawFn) -> bytes:
        out = bytearray(seed_bytes(kind) or draw(st.binary(min_size=1, max_size=2000)))
        for _ in range(draw(st.integers(1, 16))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)

    return flipped()


def strategy(kind: str) -> st.SearchStrategy[bytes]:
    specific: dict[str, st.SearchStrategy[bytes]] = {
        "text": text_inputs(),
        "json": json_inputs(),
        "docx": zip_inputs("docx"),
        "xlsx": zip_inputs("xlsx"),
    }
    main = specific.get(kind, raw_inputs(kind))
    return st.one_of(main, main, main, raw_inputs(kind), st.binary(max_size=3000))


# -- running -----------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    #: Inputs tried (each read by the reader itself and through format sniffing).
    tried: int = 0
    #: Inputs the reader refused with a `ReadError` (the rest were read).
    refused: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # where → example traceback


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    place = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    return f"{type(exc).__name__} at {place}"


def check(kind: str, data: bytes, result: Result) -> None:
    """Read ``data`` with the ``kind`` reader and through sniffing; record non-ReadErrors."""
    from jixiao.core.errors import ReadError
    from jixiao.core.formats import READERS, read_bytes

    module: Any = importlib.import_module(READERS[kind])
    result.tried += 1
    for k, read in enumerate(
        (lambda: module.read_bytes(data, f"fuzz.{kind}"), lambda: read_bytes(data, "f"))
    ):
        try:
            read()
        except ReadError:
            result.refused += k == 0
        except Exception as e:
            where = _where(e)
            if where not in result.failures:
                result.failures[where] = "".join(traceback.format_exception(e))[-2000:]


def fuzz(kind: str, seconds: float, examples: int = 100) -> Result:
    """Fuzz one reader for about ``seconds`` (rounds of ``examples`` inputs)."""
    result = Result(kind)
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy(kind))
    def run(data: bytes) -> None:
        check(kind, data, result)

    while True:  # each round draws new random inputs (no example database)
        run()
        if time.monotonic() >= deadline:
            return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Fuzz every reader; exit 1 on any failure.")
    p.add_argument("--seconds", type=float, default=60, help="per reader")
    p.add_argument("--readers", help="comma-separated (default: every reader)")
    args = p.parse_args(argv)
    import warnings

    from jixiao.core.formats import READERS

    warnings.filterwarnings("ignore", module="openpyxl")  # damaged inputs make it chatty

    kinds = args.readers.split(",") if args.readers else list(READERS)
    total = 0
    print(f"{'reader':8} {'inputs':>8} {'refused':>8} {'failures':>8}")
    for kind in kinds:
        r = fuzz(kind, args.seconds)
        total += len(r.failures)
        print(f"{kind:8} {r.tried:8} {r.refused:8} {len(r.failures):8}", flush=True)
        for where, tb in r.failures.items():
            print(f"  FAILURE {where}\n" + "\n".join("    " + s for s in tb.splitlines()[-12:]))
    print(f"failures: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
