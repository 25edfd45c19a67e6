"""Documents sent between processes by position (`jixiao.core.transfer`) arrive equal, field
for field, to those sent: the ones the readers build and ones with every field set."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

from jixiao.core import transfer
from jixiao.core.batch import collect, read_all
from jixiao.core.formats import read_bytes
from jixiao.core.generate import GeneratorOptions, document_bytes, file_name, generate_documents
from jixiao.core.model import (
    Budget,
    Document,
    Execution,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Target,
    Unit,
)

SEED = Path(__file__).resolve().parent.parent / "data" / "xiwanglu-2022-performance-goals.txt"


def _fields(obj: object) -> object:
    """Every field of every dataclass inside ``obj`` (also those left out of ``==``), with
    each value's type, so that ``1`` and ``Decimal(1)`` or ``[]`` and ``()`` differ."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (
            type(obj).__name__,
            [(f.name, _fields(getattr(obj, f.name))) for f in dataclasses.fields(obj)],
        )
    if isinstance(obj, list | tuple):
        return (type(obj).__name__, [_fields(v) for v in obj])
    if isinstance(obj, dict):
        return ("dict", [(k, _fields(v)) for k, v in obj.items()])
    return (type(obj).__name__, repr(obj))


def _sent(obj: object) -> object:
    transfer.register()
    return pickle.loads(ForkingPickler.dumps(obj))


def _full() -> Document:
    """A document with every field of every class set to something other than its default."""
    indicator = Indicator(
        "产出指标", "数量指标", "培训人次", "描述", Target("≥90%", ">=", Decimal("90"), "%", None),
        "计划标准", Decimal("10"), "95%", Decimal("9.5"), "原因", "中期",
    )  # fmt: skip
    project = Project(
        1, "13010124P1", "项目", Budget(Decimal("1.40"), Decimal("1"), Decimal("0.4"), {"total": "1.4万"}),
        "用途", SpendingPlan([PlanCell(3, "25%", Decimal(25)), PlanCell(6, None, None)]), ["目标"],
        [indicator], "1.目标", "1.项目绩效目标表", Execution(*(Decimal(k) for k in range(6))),
    )  # fmt: skip
    return Document(
        Unit("314003", "单位"), 2022, "元", ["总体"], [ProjectSummary(1, "项目", "说明")],
        ["措施"], [project], "self_evaluation", [indicator], ["警告"], ["说明"], [],
    )  # fmt: skip


def test_every_field_arrives_as_sent() -> None:
    full = _full()
    for obj in (full, Document(Unit(None, ""), None), Project(None, None, "", Budget(None))):
        assert _fields(_sent(obj)) == _fields(obj)
    assert _fields(_full()) != _fields(Document(Unit(None, ""), None))  # the check can fail


def test_documents_read_arrive_as_read(tmp_path: Path) -> None:
    docs = [read_bytes(SEED.read_bytes(), SEED.name)]
    for doc in generate_documents(GeneratorOptions(units=3, projects_per_unit=4, seed=9)):
        data = document_bytes(doc, "text")
        docs.append(read_bytes(data, "x.txt"))
        (tmp_path / file_name(doc, "text")).write_bytes(data)
    for doc in docs:
        assert _fields(_sent(doc)) == _fields(doc)
    # Through the pool: the same documents and results, with or without the documents.
    files = collect([tmp_path])
    alone = list(read_all(files, jobs=1))
    pooled = list(read_all(files, jobs=2))
    results = list(read_all(files, jobs=2, documents=False))
    assert [_fields(i.document) for i in pooled] == [_fields(i.document) for i in alone]
    assert [(i.review_score, i.review_errors, i.projects) for i in results] == [
        (i.review_score, i.review_errors, i.projects) for i in alone
    ]
    assert all(i.document is None and i.projects == 4 for i in results)


def test_every_model_class_is_sent_by_position() -> None:
    import jixiao.core.model as model

    classes = {
        v for v in vars(model).values() if isinstance(v, type) and dataclasses.is_dataclass(v)
    }
    assert classes == set(transfer.CLASSES)
    # Registered by `jixiao.core.batch` when it loads: sent without attribute names.
    doc = _full()
    assert len(ForkingPickler.dumps(doc)) < len(pickle.dumps(doc))
