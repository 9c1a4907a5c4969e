"""The live catalog: TMDB for everything, TVMaze for what TMDB lacks (schedules by country,
next episodes TMDB does not know yet)."""

import logging

from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tmdb_media_catalog import TMDB_ATTRIBUTION, TmdbMediaCatalog
from movie_analyst.adapters.tvmaze_media_catalog import TVMAZE_ATTRIBUTION, TvmazeMediaCatalog
from movie_analyst.application.errors import UpstreamError
from movie_analyst.domain.media import Episode, MediaKind

log = logging.getLogger(__name__)
_FINISHED = frozenset({"Ended", "Canceled"})


class LiveMediaCatalog(TmdbMediaCatalog):
    """TMDB ids throughout: TVMaze is asked by IMDb id or title and never hands out its ids."""

    name = "tmdb"
    attribution = f"{TMDB_ATTRIBUTION} {TVMAZE_ATTRIBUTION}"

    def __init__(self, client: TmdbClient, tvmaze: TvmazeMediaCatalog, *, region: str = "US"):
        super().__init__(client, region=region)
        self._tvmaze = tvmaze

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        return await self._tvmaze.schedule(country or self._region, date)

    async def next_episode(self, show_id: int) -> Episode | None:
        """TMDB's `next_episode_to_air` first; TVMaze when TMDB has none for a running show."""
        show = await self.details(MediaKind.TV, show_id)
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
