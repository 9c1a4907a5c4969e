"""Cache lookups for /metrics: counted through the Metrics port and read from caches that keep
their own tallies (the catalog response cache's `CacheStats`), as one counter family.

Reading a cache's tallies at scrape time means the cache needs no hook into metrics at all.
"""

from collections import Counter
from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

# Returns (hits, misses) so far, or None when the watched cache is not in use.
CacheReader = Callable[[], tuple[int, int] | None]


class CacheLookupCollector(Collector):
    def __init__(self) -> None:
        self.counted: Counter[tuple[str, str]] = Counter()
        self.readers: dict[str, CacheReader] = {}

    def count(self, cache: str, *, hit: bool) -> None:
        self.counted[(cache, "hit" if hit else "miss")] += 1

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "movie_analyst_cache_lookups", "Response-cache lookups", labels=["cache", "result"]
        )
        totals = Counter(self.counted)
        for cache, read in self.readers.items():
            tallies = _safely(read)
            if tallies is not None:
                totals[(cache, "hit")] += tallies[0]
                totals[(cache, "miss")] += tallies[1]
        for (cache, result), value in sorted(totals.items()):
            family.add_metric([cache, result], value)
        yield family


def _safely(read: CacheReader) -> tuple[int, int] | None:
    try:
        return read()
    except Exception:  # a scrape must not fail because one cache cannot be read
        return None
