"""The `MediaCatalog` methods of `CachedMediaCatalog`: each names its cache key and its fetch."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

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

T = TypeVar("T")


class CachedCatalogMethods(MediaCatalog):
    _inner: MediaCatalog

    async def _cached(
        self, method: str, args: tuple[object, ...], fetch: Callable[[], Awaitable[T]]
    ) -> T:
        raise NotImplementedError

    async def search(
        self, query: str, kind: SearchKind = SearchKind.MULTI, year: int | None = None,
        page: int = 1,
    ) -> Page:  # fmt: skip
        # TMDB search ignores case and outer spaces, so the cache may too.
        key = (" ".join(query.lower().split()), kind, year, page)
        return await self._cached(
            "search", key, lambda: self._inner.search(query, kind, year, page)
        )

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        return await self._cached(
            "details", (kind, media_id), lambda: self._inner.details(kind, media_id)
        )

    async def person(self, person_id: int) -> PersonDetails | None:
        return await self._cached("person", (person_id,), lambda: self._inner.person(person_id))

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        return await self._cached(
            "trending", (kind, window), lambda: self._inner.trending(kind, window)
        )

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._cached("popular", (kind, page), lambda: self._inner.popular(kind, page))

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._cached(
            "top_rated", (kind, page), lambda: self._inner.top_rated(kind, page)
        )

    async def upcoming(self, page: int = 1) -> Page:
        return await self._cached("upcoming", (page,), lambda: self._inner.upcoming(page))

    async def now_playing(self, page: int = 1) -> Page:
        return await self._cached("now_playing", (page,), lambda: self._inner.now_playing(page))

    async def airing_today(self, page: int = 1) -> Page:
        return await self._cached("airing_today", (page,), lambda: self._inner.airing_today(page))

    async def on_the_air(self, page: int = 1) -> Page:
        return await self._cached("on_the_air", (page,), lambda: self._inner.on_the_air(page))

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._cached(
            "similar", (kind, media_id, page), lambda: self._inner.similar(kind, media_id, page)
        )

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._cached(
            "recommendations",
            (kind, media_id, page),
            lambda: self._inner.recommendations(kind, media_id, page),
        )

    async def discover(self, query: DiscoverQuery) -> Page:
        return await self._cached("discover", (query,), lambda: self._inner.discover(query))

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        return await self._cached(
            "find_by_external_id",
            (external_id.strip(), source),
            lambda: self._inner.find_by_external_id(external_id, source),
        )

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        return await self._cached(
            "watch_providers",
            (kind, media_id, region.upper()),
            lambda: self._inner.watch_providers(kind, media_id, region),
        )

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        return await self._cached(
            "tv_season",
            (show_id, season_number),
            lambda: self._inner.tv_season(show_id, season_number),
        )

    async def next_episode(self, show_id: int) -> Episode | None:
        return await self._cached(
            "next_episode", (show_id,), lambda: self._inner.next_episode(show_id)
        )

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        return await self._cached(
            "schedule", (country.upper(), date), lambda: self._inner.schedule(country, date)
        )

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        return await self._cached(
            "release_dates", (movie_id,), lambda: self._inner.release_dates(movie_id)
        )

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        return await self._cached(
            "videos", (kind, media_id), lambda: self._inner.videos(kind, media_id)
        )

    async def collection(self, collection_id: int) -> Collection | None:
        return await self._cached(
            "collection", (collection_id,), lambda: self._inner.collection(collection_id)
        )

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        return await self._cached(
            "reviews", (kind, media_id, page), lambda: self._inner.reviews(kind, media_id, page)
        )

    async def genres(self, kind: MediaKind) -> list[Genre]:
        return await self._cached("genres", (kind,), lambda: self._inner.genres(kind))
