"""CachedMediaCatalog: hits, TTL per kind of data, bounds, persistence across restarts,
coalescing of concurrent identical calls."""

import asyncio
from pathlib import Path

import pytest

from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.adapters.catalog_cache.policy import HOUR, MINUTE, CachePolicy
from movie_analyst.adapters.catalog_cache.store import SqliteResponseStore, cache_path_for
from movie_analyst.application.errors import LiveDataUnavailable
from movie_analyst.domain.media import MediaDetails, MediaKind, SearchKind
from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.catalog_cache import FakeClock, every_method

MOVIE = MediaKind.MOVIE


def _upstream(inner: FakeMediaCatalog) -> list[str]:
    """Method names the cache passed on (the fake's details also logs its own similar call)."""
    found = [name for name, _ in inner.calls]
    return [
        n for i, n in enumerate(found) if not (n == "similar" and i and found[i - 1] == "details")
    ]


def _cached(inner: FakeMediaCatalog, path: Path | None = None, **kw: object) -> CachedMediaCatalog:
    store = SqliteResponseStore(str(path)) if path else None
    return CachedMediaCatalog(inner, store, **kw)  # type: ignore[arg-type]


async def test_a_repeated_call_costs_no_upstream_call() -> None:
    inner = FakeMediaCatalog()
    catalog = _cached(inner)
    first = await catalog.details(MOVIE, 1)
    again = await catalog.details(MOVIE, 1)
    await catalog.details(MOVIE, 2)
    assert first == again and first is not None
    assert _upstream(inner) == ["details", "details"]
    assert (catalog.name, catalog.attribution) == (inner.name, inner.attribution)


async def test_search_keys_ignore_case_and_spacing() -> None:
    inner = FakeMediaCatalog()
    catalog = _cached(inner)
    await catalog.search("Alien")
    await catalog.search("  alien ")
    await catalog.search("alien", SearchKind.MOVIE)
    assert len(inner.calls) == 2


async def test_ttl_depends_on_the_kind_of_data() -> None:
    inner, clock = FakeMediaCatalog(), FakeClock()
    catalog = _cached(inner, clock=clock)
    await catalog.trending(SearchKind.MULTI)
    await catalog.details(MOVIE, 1)
    clock.advance(29 * MINUTE)
    await catalog.trending(SearchKind.MULTI)
    assert len(_upstream(inner)) == 2
    clock.advance(2 * MINUTE)  # trending is 30 min old now; details last a day
    await catalog.trending(SearchKind.MULTI)
    await catalog.details(MOVIE, 1)
    assert _upstream(inner) == ["trending", "details", "trending"]


async def test_policy_overrides_a_ttl() -> None:
    inner, clock = FakeMediaCatalog(), FakeClock()
    catalog = _cached(inner, clock=clock, policy=CachePolicy(ttl={"details": 10.0}))
    await catalog.details(MOVIE, 1)
    clock.advance(11)
    await catalog.details(MOVIE, 1)
    assert _upstream(inner) == ["details", "details"]


async def test_errors_are_not_cached_but_not_found_is() -> None:
    inner = FakeMediaCatalog(live=False)
    catalog = _cached(inner)
    for _ in range(2):
        with pytest.raises(LiveDataUnavailable):
            await catalog.trending(SearchKind.MULTI)
        assert await catalog.details(MOVIE, 999) is None
    assert [c[0] for c in inner.calls] == ["trending", "details", "trending"]


async def test_every_answer_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "chat-cache.db"
    first = _cached(FakeMediaCatalog(), path)
    await first.start()
    before = await every_method(first)
    await first.aclose()

    inner = FakeMediaCatalog()
    second = _cached(inner, path)
    await second.start()
    after = await every_method(second)
    await second.aclose()
    assert after == before
    assert inner.calls == []
    assert second.stats.store_hits == len(before)


async def test_a_restart_does_not_revive_expired_answers(tmp_path: Path) -> None:
    path, clock = tmp_path / "c.db", FakeClock()
    first = _cached(FakeMediaCatalog(), path, clock=clock)
    await first.start()
    await first.trending(SearchKind.MULTI)
    await first.aclose()
    clock.advance(HOUR)
    inner = FakeMediaCatalog()
    second = _cached(inner, path, clock=clock)
    await second.start()
    await second.trending(SearchKind.MULTI)
    await second.aclose()
    assert [c[0] for c in inner.calls] == ["trending"]


async def test_the_store_and_the_memory_are_bounded(tmp_path: Path) -> None:
    store = SqliteResponseStore(str(tmp_path / "c.db"), max_entries=3)
    inner, clock = FakeMediaCatalog(), FakeClock()
    catalog = CachedMediaCatalog(
        inner, store, policy=CachePolicy(memory_entries=2, max_entries=3), clock=clock
    )
    await catalog.start()
    for movie_id in range(1, 7):
        clock.advance(1)
        await catalog.details(MOVIE, movie_id)
    assert await store.count() == 3
    assert len(catalog._cache._memory) == 2
    await catalog.details(MOVIE, 6)  # newest: still cached
    await catalog.details(MOVIE, 1)  # oldest: evicted from both layers
    await catalog.aclose()
    assert [c[1][1] for c in inner.calls if c[0] == "details"] == [1, 2, 3, 4, 5, 6, 1]


class SlowCatalog(FakeMediaCatalog):
    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        await asyncio.wait_for(self.gate.wait(), 5)
        return await super().details(kind, media_id)


async def test_concurrent_identical_calls_share_one_upstream_call() -> None:
    inner = SlowCatalog()
    catalog = _cached(inner)
    waiters = [asyncio.ensure_future(catalog.details(MOVIE, 1)) for _ in range(10)]
    await asyncio.sleep(0.01)
    waiters[0].cancel()  # one caller giving up does not cancel the shared request
    inner.gate.set()
    results = await asyncio.gather(*waiters[1:])
    assert _upstream(inner) == ["details"] and all(r == results[0] for r in results)
    assert catalog.stats.coalesced == 9


async def test_bytes_from_another_schema_count_as_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    first = _cached(FakeMediaCatalog(), path)
    await first.start()
    await first.details(MOVIE, 1)
    assert first._store is not None and first._store._db is not None
    await first._store._db.execute("UPDATE response_cache SET value = x'c1'")
    await first.aclose()
    inner = FakeMediaCatalog()
    second = _cached(inner, path)
    await second.start()
    assert await second.details(MOVIE, 1) is not None
    await second.aclose()
    assert _upstream(inner) == ["details"]


def test_the_cache_file_sits_beside_the_database() -> None:
    assert cache_path_for("./data/chat_history.db") == "data/chat_history-cache.db"
    assert cache_path_for("/tmp/x") == "/tmp/x-cache.db"
    assert cache_path_for(":memory:") == ":memory:"
