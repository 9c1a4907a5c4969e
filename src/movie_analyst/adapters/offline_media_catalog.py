"""OfflineMediaCatalog: 17,472 films (1940-2014) from Wikidata, served from our own SQLite file.

Films only, no TV and nothing live: those questions raise LiveDataUnavailable with a sentence
the agent can pass on. Ids are the source's film ids and our person ids (stable per source).
Ratings: `vote_average` is the Rotten Tomatoes critics' average (0-10) where known, else
Metacritic / 10, else the Tomatometer / 10; `vote_count` is the number of critics' reviews.
Cast lists are alphabetical in the source, so credits carry no billing order.
"""

import asyncio
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from movie_analyst.adapters.offline_catalog import details, listings, search
from movie_analyst.adapters.offline_catalog.importer import (
    SCHEMA_VERSION,
    CatalogStats,
    import_catalog,
    import_catalog_sync,
    needs_import,
    read_stats,
)
from movie_analyst.adapters.offline_catalog.reader import CatalogReader
from movie_analyst.adapters.offline_catalog.resolve import OfflineResolver
from movie_analyst.adapters.offline_catalog.rows import PAGE_SIZE, items_by_id
from movie_analyst.adapters.offline_catalog.similar import similar_ids
from movie_analyst.adapters.offline_catalog.source import ATTRIBUTION, default_source
from movie_analyst.application.errors import LiveDataUnavailable
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

__all__ = ["OfflineMediaCatalog", "default_catalog_path", "import_catalog"]
log = logging.getLogger(__name__)
NO_TV = (
    "The offline catalog holds films only (1940-2014); it has no TV shows. "
    "Set TMDB_API_KEY for TV data."
)
SIMILAR_PER_GENRE = 60
DETAILS_PER_GENRE = 8


def default_catalog_path(
    override: str | None = None, environ: Mapping[str, str] = os.environ
) -> str:
    """OFFLINE_CATALOG_PATH if set, else a file in the user's cache directory.

    The catalog is derived from an installed package, not user data, so every data directory
    (and every test) shares one import per schema version instead of paying for its own.
    """
    if override:
        return override
    cache_home = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache_home) / "movie-analyst" / f"offline_catalog-v{SCHEMA_VERSION}.db")


def live_only(what: str) -> LiveDataUnavailable:
    return LiveDataUnavailable(
        f"The offline catalog has no live data, so it cannot tell {what}. "
        "It covers 17,472 films released 1940-2014; set TMDB_API_KEY for live data."
    )


def page_of(items: list[MediaItem | PersonSummary], total: int, page: int) -> Page:
    pages = max(1, -(-total // PAGE_SIZE))
    return Page(items=items, page=page, total_pages=pages, total_results=total)


class OfflineMediaCatalog(OfflineResolver, MediaCatalog):
    """`start()` imports the film table when the file is missing or outdated (a few seconds,
    once), then opens it read-only; `aclose()` closes it."""

    name = "offline"
    attribution = ATTRIBUTION

    def __init__(self, path: str, source: str | None = None) -> None:
        self.path = Path(path)
        self.source = Path(source) if source else None
        self._reader = CatalogReader()

    async def start(self) -> None:
        if not self._reader.is_open:
            await asyncio.to_thread(self._prepare)
            await self._reader.open(self.path)

    def _prepare(self) -> None:
        """Blocking: import when the file is missing or outdated and a source exists."""
        source = self.source or default_source()
        if source is not None and source.is_file() and needs_import(self.path, source):
            stats = import_catalog_sync(source, self.path)
            log.info("offline catalog imported: %d films into %s", stats.films, self.path)
        if not self.path.is_file():
            raise FileNotFoundError(
                f"No offline catalog at {self.path} and no film table to import it from: "
                "pip install --no-deps bokeh-sampledata==2026.1"
            )

    async def aclose(self) -> None:
        await self._reader.close()

    async def stats(self) -> CatalogStats:
        return await asyncio.to_thread(read_stats, self.path)

    async def search(
        self,
        query: str,
        kind: SearchKind = SearchKind.MULTI,
        year: int | None = None,
        page: int = 1,
    ) -> Page:
        if kind == SearchKind.TV:
            raise LiveDataUnavailable(NO_TV)
        found = await self._reader.run(lambda c: search.search_page(c, query, kind, year, page))
        return page_of(*found, page)

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        self._films_only(kind)
        return await self._reader.run(
            lambda c: details.film_details(c, media_id, DETAILS_PER_GENRE)
        )

    async def person(self, person_id: int) -> PersonDetails | None:
        return await self._reader.run(lambda c: details.person_details(c, person_id))

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        raise live_only(f"what is trending this {window.value}")

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        """Offline: the films most reviewed by critics (no live popularity exists)."""
        self._films_only(kind)
        items, total = await self._reader.run(lambda c: listings.ranked(c, "f.vote_count", page))
        return page_of(list(items), total, page)

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        """By the `vote_average` shown, among films TOP_RATED_MIN_REVIEWS critics reviewed."""
        self._films_only(kind)
        floor = listings.TOP_RATED_MIN_REVIEWS
        items, total = await self._reader.run(
            lambda c: listings.ranked(c, "f.vote_average", page, floor)
        )
        return page_of(list(items), total, page)

    async def upcoming(self, page: int = 1) -> Page:
        raise live_only("which films are coming soon")

    async def now_playing(self, page: int = 1) -> Page:
        raise live_only("what is in cinemas now")

    async def airing_today(self, page: int = 1) -> Page:
        raise live_only("what airs on TV today")

    async def on_the_air(self, page: int = 1) -> Page:
        raise live_only("which shows are on the air this week")

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        """Shared director, writers, cast and genres, best-rated first among equals."""
        self._films_only(kind)
        return await self._similar_page(media_id, page)

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        """Offline there are no viewer signals: the same as `similar`."""
        self._films_only(kind)
        return await self._similar_page(media_id, page)

    async def discover(self, query: DiscoverQuery) -> Page:
        self._films_only(query.kind)
        genre_ids = [await self.genre_id(g) for g in query.genres]
        person_ids = [await self.person_id(p) for p in query.with_people]
        items, total = await self._reader.run(
            lambda c: listings.discover(c, query, genre_ids, person_ids)
        )
        return page_of(list(items), total, query.page)

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        """Films by IMDb id (tt...); the source has no person or TVDB ids."""
        if source != "imdb_id":
            return []
        return list(await self._reader.run(lambda c: listings.by_imdb_id(c, external_id)))

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        raise live_only(f"where to watch it in {region}")

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        raise LiveDataUnavailable(NO_TV)

    async def next_episode(self, show_id: int) -> Episode | None:
        raise LiveDataUnavailable(NO_TV)

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        raise live_only("the TV schedule")

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        """The US (MPAA) certification and the first release date, when the source has them."""
        found = await self._reader.run(lambda c: details.release_info(c, movie_id))
        return [found] if found else []

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        raise live_only("trailers or videos")

    async def collection(self, collection_id: int) -> Collection | None:
        raise live_only("film collections")

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        raise live_only("review texts (it has critics' scores: ask for details)")

    async def genres(self, kind: MediaKind) -> list[Genre]:
        self._films_only(kind)
        rows = await self._reader.run(listings.genre_names)
        return [Genre(id=i, name=n) for i, n in rows]

    async def _similar_page(self, media_id: int, page: int) -> Page:
        def query(conn: object) -> tuple[list[MediaItem], int]:
            ids = similar_ids(conn, media_id, SIMILAR_PER_GENRE)  # type: ignore[arg-type]
            chosen = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            found = items_by_id(conn, chosen)  # type: ignore[arg-type]
            return [found[i] for i in chosen if i in found], len(ids)

        items, total = await self._reader.run(query)
        return page_of(list(items), total, page)

    @staticmethod
    def _films_only(kind: MediaKind | SearchKind) -> None:
        if kind == "tv":
            raise LiveDataUnavailable(NO_TV)
