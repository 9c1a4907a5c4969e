"""`MediaCatalog` that answers repeated questions from a cache in front of another catalog.

Layers (`catalog_cache/layers.py`): an in-process LRU (sub-millisecond hits) over a persistent
SQLite store (a restart keeps the cache). Concurrent identical calls share one upstream
request. Errors are never cached; "not found" answers (None, empty lists) are. Each method
names its cache key and the call it caches.
"""

import time
from collections.abc import Callable

from movie_analyst.adapters.catalog_cache.layers import CacheStats, LayeredCache
from movie_analyst.adapters.catalog_cache.policy import CachePolicy
from movie_analyst.adapters.catalog_cache.store import ResponseStore
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import (
    Collection,
    DiscoverQuery,
    Episode,
    Genre,
    MediaDetails,
    MediaItem,
    MediaKind,
    Page,
    PersonDetails,
    PersonSummary,
    ReleaseInfo,
    Review,
    SearchKind,
    Season,
    TimeWindow,
    Video,
    WatchProviders,
)

__all__ = ["CacheStats", "CachedMediaCatalog"]


class CachedMediaCatalog(MediaCatalog):
    """Wraps `inner`; `start()`/`aclose()` open and close the store (without a store, or before
    `start()`, only the in-process LRU is used). `clock` is wall time: expiries outlive restarts."""

    def __init__(
        self,
        inner: MediaCatalog,
        store: ResponseStore | None = None,
        *,
        policy: CachePolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner
        self.name: str = inner.name
        self.attribution: str = inner.attribution
        self._cache = LayeredCache(inner.name, store, policy=policy, clock=clock)
        self._store = store

    @property
    def stats(self) -> CacheStats:
        return self._cache.stats

    async def start(self) -> None:
        await self._cache.start()

    async def aclose(self) -> None:
        await self._cache.aclose()

    async def search(
        self, query: str, kind: SearchKind = SearchKind.MULTI, year: int | None = None,
        page: int = 1,
    ) -> Page:  # fmt: skip
        # TMDB search ignores case and outer spaces, so the cache may too.
        key = (" ".join(query.lower().split()), kind, year, page)
        return await self._cache.get(
            "search", key, lambda: self._inner.search(query, kind, year, page)
        )

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        return await self._cache.get(
            "details", (kind, media_id), lambda: self._inner.details(kind, media_id)
        )

    async def person(self, person_id: int) -> PersonDetails | None:
        return await self._cache.get("person", (person_id,), lambda: self._inner.person(person_id))

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        return await self._cache.get(
            "trending", (kind, window), lambda: self._inner.trending(kind, window)
        )

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._cache.get(
            "popular", (kind, page), lambda: self._inner.popular(kind, page)
        )

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._cache.get(
            "top_rated", (kind, page), lambda: self._inner.top_rated(kind, page)
        )

    async def upcoming(self, page: int = 1) -> Page:
        return await self._cache.get("upcoming", (page,), lambda: self._inner.upcoming(page))

    async def now_playing(self, page: int = 1) -> Page:
        return await self._cache.get("now_playing", (page,), lambda: self._inner.now_playing(page))

    async def airing_today(self, page: int = 1) -> Page:
        return await self._cache.get(
            "airing_today", (page,), lambda: self._inner.airing_today(page)
        )

    async def on_the_air(self, page: int = 1) -> Page:
        return await self._cache.get("on_the_air", (page,), lambda: self._inner.on_the_air(page))

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._cache.get(
            "similar", (kind, media_id, page), lambda: self._inner.similar(kind, media_id, page)
        )

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._cache.get(
            "recommendations",
            (kind, media_id, page),
            lambda: self._inner.recommendations(kind, media_id, page),
        )

    async def discover(self, query: DiscoverQuery) -> Page:
        return await self._cache.get("discover", (query,), lambda: self._inner.discover(query))

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        return await self._cache.get(
            "find_by_external_id",
            (external_id.strip(), source),
            lambda: self._inner.find_by_external_id(external_id, source),
        )

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        return await self._cache.get(
            "watch_providers",
            (kind, media_id, region.upper()),
            lambda: self._inner.watch_providers(kind, media_id, region),
        )

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        return await self._cache.get(
            "tv_season",
            (show_id, season_number),
            lambda: self._inner.tv_season(show_id, season_number),
        )

    async def next_episode(self, show_id: int) -> Episode | None:
        return await self._cache.get(
            "next_episode", (show_id,), lambda: self._inner.next_episode(show_id)
        )

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        return await self._cache.get(
            "schedule", (country.upper(), date), lambda: self._inner.schedule(country, date)
        )

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        return await self._cache.get(
            "release_dates", (movie_id,), lambda: self._inner.release_dates(movie_id)
        )

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        return await self._cache.get(
            "videos", (kind, media_id), lambda: self._inner.videos(kind, media_id)
        )

    async def collection(self, collection_id: int) -> Collection | None:
        return await self._cache.get(
            "collection", (collection_id,), lambda: self._inner.collection(collection_id)
        )

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        return await self._cache.get(
            "reviews", (kind, media_id, page), lambda: self._inner.reviews(kind, media_id, page)
        )

    async def genres(self, kind: MediaKind) -> list[Genre]:
        return await self._cache.get("genres", (kind,), lambda: self._inner.genres(kind))
