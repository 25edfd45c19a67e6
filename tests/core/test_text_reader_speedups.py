"""The text reader's shortcuts give what the plain definitions give: chunk rows memoised vs
split line by line, projects the reader calls plain vs validated in full, targets parsed by
the indexed spellings vs the reference parser."""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
from decimal import Decimal

import pytest

from jixiao.core import validation
from jixiao.core.amounts import MONEY_UNITS
from jixiao.core.errors import ReadError
from jixiao.core.formats import read_bytes, text_io
from jixiao.core.generate import GeneratorOptions, document_bytes, generate_documents
from jixiao.core.model import Budget, Indicator, PlanCell, Project, SpendingPlan, Target
from jixiao.core.targets import parse_target

#: Cells that change how a row is split, read or bounded.
AWKWARD = [
    "", " ", "\u3000", "\xa0", " 2.28 ", "1,234.50", "-5", "123456789", "0.1234567", "x\ty",
    "a" * 301, "c" * 65, "续行", "1.甲\n2.乙", "项目编码", "预算数", "三级指标", "25 %", "1001",
]  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        tab = "\t" if lines[i].startswith("\t") else ""
        op = rng.randrange(6)
        if op == 0:
            lines[i] = tab + rng.choice(AWKWARD)
        elif op == 1:
            lines[i] += rng.choice([" ", "\t", "\u3000", "\x0b", "\u2003"])
        elif op == 2:
            lines.insert(i + 1, rng.choice(["续行", "", " ", "\u3000", "\xa0"]))
        elif op == 3:
            del lines[i]
        elif op == 4:
            lines[i : i + 1] = [lines[i], lines[i]]
        else:
            lines[i] = tab
    return "\n".join(lines)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    docs = generate_documents(GeneratorOptions(units=6, projects_per_unit=4, seed=21))
    plain = [document_bytes(d, "text").decode("utf-8") for d in docs]
    rng = random.Random(7)
    return plain + [_mutate(rng.choice(plain), rng) for _ in range(150)]


def _spans(text: str) -> list[tuple[int, int]]:
    heads = text_io._find_headings(text)
    return [
        (m.end(), heads[k + 1].start() if k + 1 < len(heads) else len(text))
        for k, m in enumerate(heads)
    ]


def test_memoised_chunk_rows_are_the_line_by_line_rows(texts) -> None:
    text_io._CHUNK_ROWS.clear()
    text_io._CHUNK_ROWS[""] = ()
    text_io._CHUNKS_SEEN.clear()
    for _ in range(3):  # memo empty, then chunks seen once, then memoised
        for text in texts:
            reader = text_io._Reader("x.txt", text)
            for span in _spans(text):
                expected = [
                    tuple(raw) if clean else tuple(text_io._values(raw))
                    for _, raw, clean in reader._iter_rows(*span)
                ]
                assert reader._rows(*span) == expected
    assert len(text_io._CHUNK_ROWS) > 100


def test_plain_projects_need_only_their_amounts_checked(texts) -> None:
    seen = 0
    for text in texts:
        try:
            _, plain = text_io.read_text_plain(text, "x.txt")
        except ReadError:
            continue
        for project in plain:
            seen += 1
            for unit in MONEY_UNITS:
                assert validation.project_problems(
                    project, unit, plain=True
                ) == validation.project_problems(project, unit)
    assert seen > 50


def test_reading_gives_the_same_with_or_without_plain_projects(texts, monkeypatch) -> None:
    def outcome() -> list[str]:
        out = []
        for text in texts:
            try:
                out.append(repr(read_bytes(text.encode("utf-8"), "x.txt")))
            except ReadError as e:
                out.append(str(e))
        return out

    told = outcome()
    read = text_io.read_bytes_plain
    monkeypatch.setattr(text_io, "read_bytes_plain", lambda data, name: (read(data, name)[0], []))
    assert told == outcome()
    assert any("不能为负数" in o or "超出范围" in o for o in told)


# -- targets: the reference parser (the spellings tried one by one, as first written) -------

_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANT = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?P<unit>[^\d\s~～\-—–至到]{{0,8}}?)\s*"
    rf"(?:[~～\-—–至到]\s*(?P<upper>{_NUMBER})\s*(?P<unit2>[^\d\s]{{0,8}}?))?$"
)
_BAND = re.compile(
    rf"^(?P<centre>{_NUMBER})?\s*(?:±|\+/-|\+-)\s*(?P<width>{_NUMBER})\s*(?P<unit>[^\d\s]{{0,8}})$"
)


def _reference(text: str | None) -> Target:
    """The reference reading; ``-0`` (a form's 0 for a lower-is-better rate) is 0."""
    t = _reference_spellings(text)
    if t.value is not None and not t.value and t.value.is_signed():
        return Target(t.text, t.comparator, t.value.copy_abs(), t.unit, t.upper)
    return t


def _reference_spellings(text: str | None) -> Target:
    import unicodedata

    from jixiao.core.targets import _PREFIXES, _SUFFIXES

    raw = (text or "").strip()
    if not raw:
        return Target(text=raw)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if s in ("—", "——", "-", "--", "/", "―", "－", "–"):
        return Target(text=raw)  # no target set
    comparator = None
    for spelling, comp in _PREFIXES:
        if s.startswith(spelling):
            comparator, s = comp, s[len(spelling) :]
            break
    for spelling, comp in _SUFFIXES:
        if s.endswith(spelling):
            if comparator is None or comparator[0] == comp[0]:
                comparator, s = comparator or comp, s[: -len(spelling)]
            break
    band = _BAND.match(s)
    if band:
        width = Decimal(band.group("width").replace(",", ""))
        unit = band.group("unit") or None
        if band.group("centre") is None:
            return Target(text=raw, comparator="<=", value=width, unit=unit)
        centre = Decimal(band.group("centre").replace(",", ""))
        return Target(raw, ">=", centre - width, unit, centre + width)
    if not re.search(r"\d", s):
        return Target(text=raw, comparator="qualitative" if comparator is None else comparator)
    m = _QUANT.match(s)
    if not m:
        return Target(text=raw, comparator=comparator)
    month = r"^(?:19|20)\d\d[./](?:0?[1-9]|1[0-2])$"
    if m.group("upper") and re.match(month, m.group("value")) and re.match(month, m.group("upper")):
        return Target(text=raw, comparator=comparator)  # a period of months
    value = Decimal(m.group("value").replace(",", ""))
    upper = Decimal(m.group("upper").replace(",", "")) if m.group("upper") else None
    if any(v is not None and v.adjusted() >= 15 for v in (value, upper)):
        return Target(text=raw, comparator=comparator)
    if upper is not None and comparator is None:
        comparator = ">="
    if m.group("unit") and m.group("unit2") and m.group("unit") != m.group("unit2"):
        return Target(text=raw, comparator=comparator)
    unit = m.group("unit") or m.group("unit2") or None
    return Target(text=raw, comparator=comparator, value=value, unit=unit, upper=upper)


TARGETS = [
    "≥90%", "＞＝95%", ">=3", "不低于90%", "95%以上", "≥90%以上", "≤90%以上", "3天以内", "90%-95%",
    "90～95%", "100±5", "±5%以内", "+-3", "1,200万元", "１２０％", "=8人", "≤ 5 天", "优", "达成年度指标",
    "—", "/", "2023.07-2024.01", "1e3", "-5%", "+5", "10亿", "9" * 20, "٣٠%", "5-", "至少3次", "100%-", "≥", "", "  ", None,
]  # fmt: skip


def test_targets_parse_as_the_reference_parser(texts) -> None:
    cells = set(TARGETS)
    for text in texts:
        for line in text.split("\n"):
            if line.startswith("\t"):
                cells.add(line[1:])
    for cell in cells:
        assert parse_target.__wrapped__(cell) == _reference(cell), cell


#: Pieces of targets around the usual shape (symbol, number, unit): each taken by the
#: shortcut, or one of its near misses that must go the general way.
_SYMBOLS = ["", "≥", "≤", "＝", "＞", "＜", ">=", "<=", "=", ">", "<", "==", "=>", "﹦", "＞＝", "≧",
            "不低于", "+", "-", "±"]  # fmt: skip
_NUMBERS = ["0", "5", "98", "98.5", "0.000", "1,200", "1" * 15, "1" * 16, "0" * 16 + "1", "5.", ".5",
            "１２", "٣٠", "²"]  # fmt: skip
_UNITS = ["", "%", "％", "人", "万元", "小时/周", "km", "㎡", "米²", "%以上", "以上", "以内", "天以下",
          "上", "-", "~10", "至10%", " 人", "人 ", "\u3000", "abcdefgh", "abcdefghi", "\u0301", "Ⅳ",
          "ﬁ", "%-95%", "±5", "+5", "元.", "，", "e3"]  # fmt: skip


def test_usual_targets_read_by_the_shortcut_as_the_reference_parser_reads_them() -> None:
    for symbol in _SYMBOLS:
        for number in _NUMBERS:
            for unit in _UNITS:
                text = symbol + number + unit
                # ``repr`` spells every Decimal as parsed (``98.50`` is not ``98.5``).
                assert repr(parse_target.__wrapped__(text)) == repr(_reference(text)), text


@pytest.mark.parametrize(
    ("where", "length", "error"),
    [("name", 301, True), ("basis", 301, False), ("basis", 1001, True), ("code", 65, True)],
)
def test_a_long_text_is_never_taken_as_plain(where, length, error) -> None:
    doc = next(iter(generate_documents(GeneratorOptions(units=1, projects_per_unit=3, seed=4))))
    project = doc.projects[1]
    old = project.code if where == "code" else getattr(project.indicators[0], where)
    text = document_bytes(doc, "text").decode("utf-8")
    at = text.index(project.title or "")
    text = text[:at] + text[at:].replace(f"\t{old}\n", "\t" + "长" * length + "\n", 1)
    read, plain = text_io.read_text_plain(text, "x.txt")
    assert read.projects[1] not in plain and len(plain) == 2
    if error:
        with pytest.raises(ReadError, match="文字过长"):
            read_bytes(text.encode("utf-8"), "x.txt")
    else:
        assert read_bytes(text.encode("utf-8"), "x.txt") == read


# -- department summaries: the usual ``N.名称`` taken without the pattern ----------------------

SUMMARY_LINES = [
    "1.名称", "12.名称（续）", "1.2.名称", "1.", "1. 名称", "1 .名称", "1．名称", "3、名称", "١٢.名称",
    "1.名称\u3000x", "1.\u3000名称", "2022.年度", "1.年", "x1.名称", "1x.名称", "1..名称",
]  # fmt: skip


def test_summary_lines_read_as_the_pattern_reads_them() -> None:
    from jixiao.core.formats import department

    for line in SUMMARY_LINES:
        sm = department._SUMMARY.match(line)
        expected = (
            (int(sm.group(1)), sm.group(2))
            if sm and not line[len(sm.group(1)) :].lstrip().startswith(("年", "月"))
            else None
        )
        got = department._summary(line)
        assert (got and (got.seq, got.name, got.text)) == (expected and (*expected, "")), line


# -- decoding: invisible characters found in the UTF-8 bytes -----------------------------------


def test_utf8_bytes_tell_whether_the_text_holds_invisible_characters() -> None:
    from jixiao.core.textcodec import INVISIBLE, _visible_utf8

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates have no UTF-8 encoding
        c = chr(code)
        data = ("≥5" + c + "—").encode("utf-8")
        assert _visible_utf8(data, data.decode()) is not bool(INVISIBLE.search(c)), hex(code)


@pytest.mark.parametrize(
    "text",
    [
        "“甲”—≥≤…\u200b", "“甲”\u2060—", "≥≥≥", "\u2069≥", "—\u202a—", "“”", "\u2014\u200f",
        "≥\u00ad", "甲\u061c", "\u180e", "，。\ufeff（）", "“”‘’…—≥≤，。（）",
    ],
)  # fmt: skip
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_the_bytes_after_each_lead_byte_find_what_the_pattern_finds(text: str, bom: bytes) -> None:
    # Several lead bytes in a row, visible ones before and after the invisible one: the
    # one split at a lead byte (`_visible_utf8`) must not miss any occurrence.
    from jixiao.core.textcodec import INVISIBLE, _visible_utf8

    data = bom + text.encode("utf-8")
    assert _visible_utf8(data, data.decode("utf-8-sig")) is not bool(INVISIBLE.search(text))


@pytest.mark.parametrize(
    "text",
    [
        "预算数", "\ufeff预算数", "\ufeff\ufeff预算数", "预\u200b算数", "≥90%“甲”—\u202e",
        "\u2066x\u2069", "x\ufeff", "\u2064", "“”‘’…—≥≤", "",
    ],
)  # fmt: skip
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_decoding_with_the_check_gives_the_text_decode_text_gives(text: str, codec: str) -> None:
    from jixiao.core.textcodec import INVISIBLE, decode_checked, decode_text

    data = text.encode(codec)
    decoded, visible = decode_checked(data)
    assert decoded == decode_text(data)
    assert not (visible and decoded is not None and INVISIBLE.search(decoded))
    if codec.startswith("utf-8") and decoded is not None and not INVISIBLE.search(decoded):
        assert visible  # a UTF-8 text without them is known to be without them


def test_targets_built_without_the_dataclass_init_are_the_same_objects() -> None:
    import copy
    import dataclasses
    import pickle

    from jixiao.core.targets import _target

    for args in [("",), ("优", "qualitative"), ("≥90%", ">=", Decimal(90), "%"),
                 ("90-95", ">=", Decimal(90), None, Decimal(95))]:  # fmt: skip
        fast, slow = _target(*args), Target(*args)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert list(vars(fast).items()) == list(vars(slow).items())
        assert pickle.loads(pickle.dumps(fast)) == slow and copy.deepcopy(fast) == slow
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "names"),
    [
        (Indicator, text_io._INDICATOR_FIELDS),
        (Project, text_io._PROJECT_FIELDS),
        (Budget, text_io._BUDGET_FIELDS),
        (SpendingPlan, text_io._PLAN_FIELDS),
        (PlanCell, text_io._PLAN_CELL_FIELDS),
    ],
)
def test_model_objects_built_without_their_class_call_set_every_field(cls, names) -> None:
    """The reader builds these with ``object.__new__`` and sets the attributes itself; the
    names it sets are the dataclass's fields, in its ``__init__``'s order."""
    assert names == tuple(f.name for f in dataclasses.fields(cls))


def test_model_objects_built_without_their_class_call_are_the_same_objects(texts) -> None:
    """Each object the reader built equals the one the class call builds from its fields,
    with the same attributes in the same order (``vars``), ``repr`` and pickle."""
    seen = 0
    for text in texts:
        try:
            doc = text_io.read_text(text, "x.txt")
        except ReadError:
            continue
        for p in doc.projects:
            objects = [p, p.budget, p.spending_plan, *p.spending_plan.cells, *p.indicators]
            for obj in objects:
                cls = type(obj)
                again = cls(*(getattr(obj, f.name) for f in dataclasses.fields(cls)))
                assert list(vars(obj).items()) == list(vars(again).items())
                assert obj == again and repr(obj) == repr(again)
                assert pickle.loads(pickle.dumps(obj)) == again
                seen += 1
    assert seen > 1000


@pytest.mark.parametrize("code", ["13010124P1", "", "项目名称", "项目支出名称", "项目编码"])
@pytest.mark.parametrize("name", ["防汛物资", "", "项目名称"])
def test_the_usual_code_row_reads_as_the_label_search_reads_it(code, name) -> None:
    doc = next(iter(generate_documents(GeneratorOptions(units=1, projects_per_unit=2, seed=4))))
    old = doc.projects[0]
    text = document_bytes(doc, "text").decode("utf-8")
    row = f"\t项目编码\n\t{old.code}\n\t项目名称\n\t{old.name}\n"
    assert row in text
    values = ("项目编码", code, "项目名称", name)
    text = text.replace(row, "".join(f"\t{v}\n" for v in values), 1)
    project = text_io.read_text(text, "x.txt").projects[0]
    assert project.code == text_io._after(values, "项目编码")
    assert project.name == (text_io._after(values, "项目名称", "项目支出名称") or old.title[2:-5])
