"""What every benchmark returns: figures with their targets, for BENCHMARKS.md.

Each `bench/bench_<area>.py` defines `async def measure() -> list[Figure]`; `python -m bench`
runs them all (or those named on the command line) and rewrites BENCHMARKS.md.
"""

import statistics
from collections.abc import Sequence

import msgspec


class Figure(msgspec.Struct, frozen=True, kw_only=True):
    area: str  # e.g. "storage", "runs", "llm", "catalog"
    name: str  # what was measured, in a few words
    value: float
    unit: str  # "ms", "msg/s", "chats/s", "MB", ...
    target: str = ""  # e.g. "<= 5 ms"; empty when informational
    met: bool | None = None  # None when there is no target
    note: str = ""


def percentile(samples: Sequence[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def p50(samples: Sequence[float]) -> float:
    return statistics.median(samples)
