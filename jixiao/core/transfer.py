"""Documents sent between processes as positional fields instead of attribute dictionaries.

`jixiao.core.batch` reads documents in worker processes and sends each one back to the
parent, which for a large import spends more time taking documents out of the pipe than a
worker spends reading them. Pickled the default way, each model object travels as its class
and a dictionary of its attributes, rebuilt field by field; `register()` teaches the
multiprocessing pickler (`ForkingPickler`, not `pickle` in general) to send the model's
dataclasses as their class and their fields in order, the trailing ones left out while they
hold their defaults, and to rebuild them with one constructor call. The objects that arrive
are equal to those sent, field for field (a test checks every field of every class).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from multiprocessing.reduction import ForkingPickler
from operator import attrgetter
from typing import Any

from jixiao.core import model

#: The model's dataclasses sent by position.
CLASSES: tuple[type, ...] = (
    model.Unit,
    model.Target,
    model.Indicator,
    model.Budget,
    model.Execution,
    model.PlanCell,
    model.SpendingPlan,
    model.Project,
    model.ProjectSummary,
    model.Document,
)

_MISSING = dataclasses.MISSING


def _reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    fields = dataclasses.fields(cls)
    assert all(f.init for f in fields), f"{cls.__name__}: a field not in __init__"
    names = [f.name for f in fields]
    get = attrgetter(*names)
    values_of = get if len(names) > 1 else lambda obj: (get(obj),)
    # The fields with defaults come last: left out together when they all equal their
    # default (a factory's fresh value: an empty list or dict, an empty spending plan).
    required = sum(f.default is _MISSING and f.default_factory is _MISSING for f in fields)
    assert all(f.default is _MISSING and f.default_factory is _MISSING for f in fields[:required])
    defaults = tuple(
        f.default if f.default is not _MISSING else f.default_factory()  # type: ignore[misc,operator]
        for f in fields[required:]
    )

    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        values = values_of(obj)
        if values[required:] == defaults:
            return cls, values[:required]
        return cls, values

    return reduce


def register() -> None:
    """Send the model's dataclasses by position in `multiprocessing` (idempotent)."""
    for cls in CLASSES:
        ForkingPickler.register(cls, _reducer(cls))
