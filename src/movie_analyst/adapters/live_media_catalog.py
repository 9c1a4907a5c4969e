"""The live catalog: TMDB for everything, TVMaze for what TMDB lacks (schedules by country,
next episodes TMDB does not know yet)."""

import logging

from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tmdb_media_catalog import TMDB_ATTRIBUTION, TmdbMediaCatalog
from movie_analyst.adapters.tvmaze_episodes import TVMAZE_ATTRIBUTION, TvmazeEpisodes
from movie_analyst.application.errors import UpstreamError
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

log = logging.getLogger(__name__)
_FINISHED = frozenset({"Ended", "Canceled"})


class LiveMediaCatalog(MediaCatalog):
    """TMDB ids throughout: TVMaze is asked by IMDb id or title and never hands out its ids.

    Composes a `TmdbMediaCatalog` (every question) and `TvmazeEpisodes` (schedules, and next
    episodes TMDB has none for).
    """

    name = "tmdb"
    attribution = f"{TMDB_ATTRIBUTION} {TVMAZE_ATTRIBUTION}"

    def __init__(self, client: TmdbClient, tvmaze: TvmazeEpisodes, *, region: str = "US"):
        self._tmdb = TmdbMediaCatalog(client, region=region)
        self._tvmaze = tvmaze
        self._region = region.upper()

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        return await self._tvmaze.schedule(country or self._region, date)

    async def next_episode(self, show_id: int) -> Episode | None:
        """TMDB's `next_episode_to_air` first; TVMaze when TMDB has none for a running show."""
        show = await self._tmdb.details(MediaKind.TV, show_id)
        if show is None or show.next_episode is not None or show.status in _FINISHED:
            return None if show is None else show.next_episode
        try:
            found = await self._tvmaze.next_episode(
                imdb_id=show.item.imdb_id, title=show.item.title
            )
        except UpstreamError as exc:  # a fallback: TMDB's "none known" stands
            log.warning("TVMaze next-episode lookup failed: %s", exc)
            return None
        return found

    async def search(
        self, query: str, kind: SearchKind = SearchKind.MULTI, year: int | None = None,
        page: int = 1,
    ) -> Page:  # fmt: skip
        return await self._tmdb.search(query, kind, year, page)

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        return await self._tmdb.details(kind, media_id)

    async def person(self, person_id: int) -> PersonDetails | None:
        return await self._tmdb.person(person_id)

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        return await self._tmdb.trending(kind, window)

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._tmdb.popular(kind, page)

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._tmdb.top_rated(kind, page)

    async def upcoming(self, page: int = 1) -> Page:
        return await self._tmdb.upcoming(page)

    async def now_playing(self, page: int = 1) -> Page:
        return await self._tmdb.now_playing(page)

    async def airing_today(self, page: int = 1) -> Page:
        return await self._tmdb.airing_today(page)

    async def on_the_air(self, page: int = 1) -> Page:
        return await self._tmdb.on_the_air(page)

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._tmdb.similar(kind, media_id, page)

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._tmdb.recommendations(kind, media_id, page)

    async def discover(self, query: DiscoverQuery) -> Page:
        return await self._tmdb.discover(query)

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        return await self._tmdb.find_by_external_id(external_id, source)

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        return await self._tmdb.watch_providers(kind, media_id, region)

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        return await self._tmdb.tv_season(show_id, season_number)

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        return await self._tmdb.release_dates(movie_id)

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        return await self._tmdb.videos(kind, media_id)

    async def collection(self, collection_id: int) -> Collection | None:
        return await self._tmdb.collection(collection_id)

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        return await self._tmdb.reviews(kind, media_id, page)

    async def genres(self, kind: MediaKind) -> list[Genre]:
        return await self._tmdb.genres(kind)
