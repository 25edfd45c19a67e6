"""Generated documents for benchmarks: the seed's projects replicated with new codes."""

from __future__ import annotations

import copy
from pathlib import Path

from jixiao.core.formats import read
from jixiao.core.model import Document, ProjectSummary

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)


def seed() -> Document:
    return read(SEED)


def big_document(projects: int) -> Document:
    """A document of ``projects`` projects cycling through the seed's 36, codes made unique."""
    base = seed()
    doc = copy.copy(base)
    doc.projects = []
    doc.project_summaries = []
    for i in range(projects):
        p = copy.deepcopy(base.projects[i % len(base.projects)])
        p.seq = i + 1
        p.code = f"{p.code[:9]}{i:012d}"
        p.title = f"{i + 1}.{p.name}绩效目标表"
        doc.projects.append(p)
        summary = base.project_summaries[i % len(base.project_summaries)]
        doc.project_summaries.append(ProjectSummary(i + 1, summary.name, summary.text))
    return doc
