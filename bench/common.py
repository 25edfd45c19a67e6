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
    """The best CPU time of ``repeat`` runs of ``fn`` in this process.

    CPU time rather than wall time: the other core may be busy (a build, a test run), and
    the best of several runs is the least disturbed one.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def compare(
    ours: Callable[[], object], baseline: Callable[[], object], repeat: int = 5
) -> tuple[float, float]:
    """Best CPU times of ``ours`` and ``baseline``, run alternately so that a burst of load
    on the machine hits both alike."""
    best_ours = best_base = float("inf")
    for _ in range(repeat):
        best_ours = min(best_ours, best_of(ours, 1))
        best_base = min(best_base, best_of(baseline, 1))
    return best_ours, best_base
