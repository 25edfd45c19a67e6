"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    ours: float
    baseline: float
    baseline_name: str
    goal: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        extra = "".join(f"  {k}={v}" for k, v in self.extra.items())
        goal = f"  goal: {self.goal}" if self.goal else ""
        return (
            f"{self.name}: {self.ours:.3f}s vs {self.baseline_name} {self.baseline:.3f}s"
            f" → ratio {self.ratio:.2f}{goal}{extra}"
        )


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best wall time of ``repeat`` runs (least disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
