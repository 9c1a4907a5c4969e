"""Helpers for the catalog-cache tests: a settable clock and a call that runs every method."""

from typing import Any

from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import DiscoverQuery, MediaKind, SearchKind, TimeWindow


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def every_method(catalog: MediaCatalog) -> list[Any]:
    """One call of each port method (ids from FakeMediaCatalog's data), results in order."""
    movie, tv = MediaKind.MOVIE, MediaKind.TV
    return [
        await catalog.search("alien"),
        await catalog.search("ridley", SearchKind.PERSON),
        await catalog.details(movie, 1),
        await catalog.details(movie, 999),
        await catalog.person(201),
        await catalog.trending(SearchKind.MULTI, TimeWindow.DAY),
        await catalog.popular(tv),
        await catalog.top_rated(movie),
        await catalog.upcoming(),
        await catalog.now_playing(),
        await catalog.airing_today(),
        await catalog.on_the_air(),
        await catalog.similar(movie, 1),
        await catalog.recommendations(movie, 1),
        await catalog.discover(DiscoverQuery(genres=["Sci-Fi"])),
        await catalog.find_by_external_id("tt0078748"),
        await catalog.watch_providers(movie, 1, "US"),
        await catalog.tv_season(101, 1),
        await catalog.next_episode(102),
        await catalog.schedule("US", "2030-01-17"),
        await catalog.release_dates(1),
        await catalog.videos(movie, 1),
        await catalog.collection(8091),
        await catalog.reviews(movie, 1),
        await catalog.genres(movie),
    ]
