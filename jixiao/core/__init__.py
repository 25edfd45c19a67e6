"""jixiao's functional core: the document model, readers/writers, review, monitoring and
self-evaluation. Pure Python; no Django import anywhere below this package.

The public surface is `__all__`; modules behind it may move freely.
"""

from jixiao.core.errors import JixiaoError, ReadError, UnsupportedFileError, WriteError
from jixiao.core.evaluation import evaluate
from jixiao.core.formats import read, read_bytes, to_bytes, write
from jixiao.core.model import (
    Budget,
    Document,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Target,
    Unit,
)
from jixiao.core.monitoring import monitor
from jixiao.core.review import review
from jixiao.core.rollover import roll_over
from jixiao.core.targets import parse_target

__all__ = [
    "Budget",
    "Document",
    "Indicator",
    "JixiaoError",
    "PlanCell",
    "Project",
    "ProjectSummary",
    "ReadError",
    "SpendingPlan",
    "Target",
    "Unit",
    "UnsupportedFileError",
    "WriteError",
    "evaluate",
    "monitor",
    "parse_target",
    "read",
    "read_bytes",
    "review",
    "roll_over",
    "to_bytes",
    "write",
]
