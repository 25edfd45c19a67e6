"""A corpus case: the file's blocks, where the layout was published, and the expected model."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.corpus.build import Block, build

#: (一级, 二级, 三级, comparator, value, unit of measure), as the model should hold them.
Ind = tuple[str | None, str | None, str | None, str | None, str | None, str | None]


@dataclass
class Proj:
    name: str
    code: str | None
    total: str | None  # in the document's money unit, as written
    indicators: list[Ind]
    #: Self-evaluation tables: budget_initial, budget_adjusted, executed, rate, weight, score.
    execution: dict[str, str | None] | None = None
    #: Self-evaluation tables: (weight, actual, score) per indicator, in order.
    results: list[tuple[str | None, str | None, str | None]] | None = None


@dataclass
class Case:
    id: str
    fmt: str  # "docx", "xlsx", "xls" or "pdf"
    source: str  # where the layout was published (URL and title)
    blocks: list[Block]
    kind: str
    unit_name: str
    unit_code: str | None
    year: int | None
    money_unit: str
    projects: list[Proj]
    #: Department indicator table (部门整体绩效目标表), if the case has one.
    department: list[Ind] = field(default_factory=list)
    _data: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def filename(self) -> str:
        return f"{self.id}.{self.fmt}"

    def data(self) -> bytes:
        """The file's bytes, built once per process."""
        if self._data is None:
            self._data = build(self.fmt, self.blocks)
        return self._data
