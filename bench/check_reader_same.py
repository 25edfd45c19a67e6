"""Check that a speed change leaves the text reader's model of every document, its warnings
and its errors exactly as they were.

    python -m bench.check_reader_same dump DIR     # before the change
    python -m bench.check_reader_same compare DIR  # after: the same lines, or the first difference

Run both with the same ``PYTHONHASHSEED`` (e.g. 0): the model's ``repr`` spells
`Document.absent`, a frozenset, in an order that depends on the strings' hashes, so
two runs with random seeds may differ on a document that lacks two columns.

The corpus: the seed and variants of it (CRLF, BOM, GB18030, bookmarks), ``CHECK_UNITS``
(default 150) generated units of 20 projects from `jixiao generate`, and
``CHECK_MUTATIONS`` (default 6000) damaged copies of the seed and of generated documents:
cells replaced by awkward values (invisible characters among them), stray spaces and tabs,
continuation lines, blank and space-only lines, deleted, duplicated and swapped lines,
merged (blank) cells, extra columns. For each input one line: the model (``repr``, which
spells every ``Decimal`` as written), the warnings, and the result of the full
`jixiao.core.formats.read_bytes` (the same model, or the one-line error with its file and
line). `bench.check_same` checks the review's findings; this checks the reader far more
widely.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from jixiao.core.errors import JixiaoError
from jixiao.core.formats import read_bytes as read_any
from jixiao.core.formats.text_io import read_text
from jixiao.core.generate import GeneratorOptions, document_bytes, generate_documents

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)

#: Replacement cell values: numbers as documents write them and values that break parsers.
AWKWARD = [
    "", " ", "\u3000", "2.28", " 2.28 ", "2.280", "1,234.50", "１２３．４５", "-5", "1e3", "NaN",
    "100%", "25", "25 %", "３０％", "200%", "-5%", "1001", "≥90%", "＞＝95%", "不低于90%",
    "95%以上", "90%-95%", "100±5", "±5%以内", "=8人", "≤5天", "1", "优", "达成年度指标", "—",
    "项目编码", "项目名称", "预算数", "其中：财政资金", "其 中：财政  资金", "其他资金", "资金用途",
    "资金支出计划（%）", "3月底", "6 月底", "绩效目标", "年度绩效目标", "一级指标", "三级指标",
    "指标值", "绩效指标描述", "1.甲\n2.乙", "单位：元", "单位：亿元", "单位： 万元", "314003希望路",
    "999999999999999", "1e999999", "a" * 301, "b" * 1001, "\xa0", "x\ty", "[bookmark: _Toc1]",
    "1.防汛绩效目标表", "123456789", "99999999.5", "0.1234567", "1234567890123", "-0", "1000",
    "1000.5", "0.000001", "c" * 65, "d" * 299, "预\u200b算数", "\u202e≥100\u202c", "\ufeff", "项目\u2060名称",
    "\u200d", "“≥90%”",
]  # fmt: skip

_HEADING = re.compile(r"^(?:\[bookmark:[^\]\n]*\])?\d+\.[^\n\t]*绩效目标表$", re.M)


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        line = lines[i]
        tab = "\t" if line.startswith("\t") else ""
        op = rng.randrange(13)
        if op <= 2:
            lines[i] = tab + rng.choice(AWKWARD)
        elif op == 3:
            lines[i] = tab + rng.choice([" ", "\t", "\u3000", " \t"]) + line[len(tab) :]
        elif op == 4:
            lines[i] = line + rng.choice([" ", "\t", "\u3000", "\t \t", "\xa0"])
        elif op == 5:
            lines.insert(i + 1, rng.choice(["续行", " 续行", "", " ", "\u3000", "\xa0 "]))
        elif op == 6:
            del lines[i]
        elif op == 7:
            lines[i:i] = lines[i : i + rng.randint(1, 12)]
        elif op == 8:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 9:
            lines[i] = tab
        elif op == 10:
            lines.insert(i, "\t" + rng.choice(AWKWARD))
        elif op == 11:
            lines.insert(i, rng.choice(AWKWARD))
        else:
            lines[i] = line.replace("\t", "\t ", 1) if tab else " " + line
    out = "\n".join(lines)
    k = rng.randrange(40)
    if k == 0:
        out = out.replace("\n", "\r\n")
    elif k == 1:
        out = "\ufeff" + out
    elif k == 2:
        out = out.replace("\t", "")
    return out


def inputs(units: int, mutations: int) -> Iterator[tuple[str, bytes]]:
    seed = SEED.read_text(encoding="utf-8")
    yield "seed", seed.encode("utf-8")
    yield "seed-crlf-bom", b"\xef\xbb\xbf" + seed.replace("\n", "\r\n").encode("utf-8")
    yield "seed-gbk", seed.encode("gb18030")
    yield "seed-no-bookmarks", seed.replace("[bookmark: _Toc13316]", "").encode("utf-8")
    docs = generate_documents(GeneratorOptions(units=units, projects_per_unit=20, seed=3))
    texts = [seed]
    for k, doc in enumerate(docs):
        data = document_bytes(doc, "text")
        if k < 20:
            texts.append(data.decode("utf-8"))
        yield f"generated-{k}", data
    rng = random.Random(15)
    for k in range(mutations):
        base = rng.choice(texts)
        # The department part and one to four projects: a damaged cell ends the read of
        # the whole document, so small documents let more of the damage be read.
        heads = [m.start() for m in _HEADING.finditer(base)]
        i = rng.randrange(len(heads))
        end = heads[i + rng.randint(1, 4)] if i + 4 < len(heads) else len(base)
        base = base[: heads[0]] + base[heads[i] : end]
        yield f"mutated-{k}", _mutate(base, rng).encode("utf-8")


def _outcome(call: object) -> str:
    try:
        doc = call()  # type: ignore[operator]
    except JixiaoError as e:
        return f"{type(e).__name__}: {e} (line {getattr(e, 'line', None)})"
    return json.dumps([repr(doc), doc.warnings], ensure_ascii=False)


def lines(units: int, mutations: int) -> Iterator[str]:
    for name, data in inputs(units, mutations):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        alone = _outcome(lambda: read_text(text, f"{name}.txt"))  # noqa: B023
        full = _outcome(lambda: read_any(data, f"{name}.txt"))  # noqa: B023
        yield json.dumps([name, alone, "same" if full == alone else full], ensure_ascii=False)


def main(argv: list[str]) -> int:
    mode, out = argv[0], Path(argv[1])
    units = int(os.environ.get("CHECK_UNITS", "150"))
    mutations = int(os.environ.get("CHECK_MUTATIONS", "6000"))
    got = list(lines(units, mutations))
    if mode == "dump":
        out.mkdir(parents=True, exist_ok=True)
        (out / "text_reader.jsonl").write_text("\n".join(got) + "\n")
        return 0
    expected = (out / "text_reader.jsonl").read_text().splitlines()
    if expected == got:
        print(f"text reader: {len(got):,} lines identical")
        return 0
    first = next(
        (i for i, (x, y) in enumerate(zip(expected, got, strict=False)) if x != y),
        min(len(expected), len(got)),
    )
    differ = sum(x != y for x, y in zip(expected, got, strict=False))
    print(f"text reader: DIFFERENT ({len(expected):,} vs {len(got):,} lines, {differ} differ)")
    print("  before:", expected[first][:900] if first < len(expected) else "(end)")
    print("  after: ", got[first][:900] if first < len(got) else "(end)")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
