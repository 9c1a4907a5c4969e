"""`MediaCatalog` over TMDB v3; every request path and parameter exists in TMDB's OpenAPI spec."""

from movie_analyst.adapters.mapping_guard import guard_mapping
from movie_analyst.adapters.tmdb import details as dmap
from movie_analyst.adapters.tmdb import extras, mapping
from movie_analyst.adapters.tmdb.client import UPSTREAM, TmdbClient
from movie_analyst.adapters.tmdb.discover import discover_params
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

TMDB_ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
_APPENDS = {
    MediaKind.MOVIE: "credits,recommendations,release_dates,external_ids",
    MediaKind.TV: "credits,recommendations,content_ratings,external_ids",
}


def _page(n: int) -> int:
    return min(max(n, 1), mapping.LAST_PAGE)


@guard_mapping(UPSTREAM)
class TmdbMediaCatalog(MediaCatalog):
    """Unknown ids give None or an empty answer; schedules by country are TVMaze's job."""

    name = "tmdb"
    attribution = TMDB_ATTRIBUTION

    def __init__(self, client: TmdbClient, *, region: str = "US") -> None:
        self._tmdb = client
        self._region = region.upper()

    async def search(
        self, query: str, kind: SearchKind = SearchKind.MULTI, year: int | None = None,
        page: int = 1,
    ) -> Page:  # fmt: skip
        if not query.strip():
            return mapping.page(None, None)
        params: dict[str, str | int | None] = {"query": query.strip(), "page": _page(page),
                                               "include_adult": "false"}  # fmt: skip
        if kind is SearchKind.MOVIE:
            params["primary_release_year"] = year
        elif kind is SearchKind.TV:
            params["first_air_date_year"] = year
        raw = await self._tmdb.get(f"/search/{kind.value}", params)
        found = mapping.page(raw, None if kind is SearchKind.MULTI else kind.value)
        if year is None or kind is not SearchKind.MULTI:
            return found
        # /search/multi has no year filter: keep the rows of that year.
        kept = [i for i in found.items if not isinstance(i, MediaItem) or i.year == year]
        return Page(items=kept, page=found.page, total_pages=found.total_pages,
                    total_results=found.total_results)  # fmt: skip

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        params = {"append_to_response": _APPENDS[kind]}
        raw = await self._tmdb.get(f"/{kind.value}/{media_id}", params)
        return None if raw is None else dmap.media_details(raw, kind, self._region)

    async def person(self, person_id: int) -> PersonDetails | None:
        params = {"append_to_response": "combined_credits,external_ids"}
        raw = await self._tmdb.get(f"/person/{person_id}", params)
        return None if raw is None else dmap.person_details(raw)

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        scope = "all" if kind is SearchKind.MULTI else kind.value
        raw = await self._tmdb.get(f"/trending/{scope}/{window.value}")
        return mapping.page(raw, None if scope == "all" else scope)

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._list(f"/{kind.value}/popular", kind, page)

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        return await self._list(f"/{kind.value}/top_rated", kind, page)

    async def upcoming(self, page: int = 1) -> Page:
        return await self._list("/movie/upcoming", MediaKind.MOVIE, page, region=self._region)

    async def now_playing(self, page: int = 1) -> Page:
        return await self._list("/movie/now_playing", MediaKind.MOVIE, page, region=self._region)

    async def airing_today(self, page: int = 1) -> Page:
        return await self._list("/tv/airing_today", MediaKind.TV, page)

    async def on_the_air(self, page: int = 1) -> Page:
        return await self._list("/tv/on_the_air", MediaKind.TV, page)

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._list(f"/{kind.value}/{media_id}/similar", kind, page)

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        return await self._list(f"/{kind.value}/{media_id}/recommendations", kind, page)

    async def _list(self, path: str, kind: MediaKind, page: int, region: str | None = None) -> Page:
        raw = await self._tmdb.get(path, {"page": _page(page), "region": region})
        return mapping.page(raw, kind.value)

    async def discover(self, query: DiscoverQuery) -> Page:
        people: list[int] = []
        if query.kind is MediaKind.MOVIE:
            for name in query.with_people[:5]:
                people += await self._person_id(name)
        raw = await self._tmdb.get(f"/discover/{query.kind.value}", discover_params(query, people))
        return mapping.page(raw, query.kind.value)

    async def _person_id(self, name: str) -> list[int]:
        raw = await self._tmdb.get("/search/person", {"query": name, "include_adult": "false"})
        rows = (raw or {}).get("results") or []
        return [int(rows[0]["id"])] if rows else []

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        if source not in ("imdb_id", "tvdb_id"):
            raise LiveDataUnavailable(f"TMDB lookups take an imdb_id or tvdb_id, not {source!r}")
        raw = await self._tmdb.get(f"/find/{external_id.strip()}", {"external_source": source})
        if raw is None:
            return []
        return (mapping.entries(raw.get("movie_results") or [], "movie")
                + mapping.entries(raw.get("tv_results") or [], "tv")
                + mapping.entries(raw.get("person_results") or [], "person"))  # fmt: skip

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        raw = await self._tmdb.get(f"/{kind.value}/{media_id}/watch/providers")
        region = (region or self._region).upper()
        return None if raw is None else extras.watch_providers(raw, region)

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        raw = await self._tmdb.get(f"/tv/{show_id}/season/{season_number}")
        return None if raw is None else extras.season(raw, show_id)

    async def next_episode(self, show_id: int) -> Episode | None:
        raw = await self._tmdb.get(f"/tv/{show_id}")
        if raw is None:
            return None
        return dmap.episode(raw.get("next_episode_to_air"), show_title=raw.get("name"))

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        raise LiveDataUnavailable("TMDB has no TV schedule by country; TVMaze provides it")

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        raw = await self._tmdb.get(f"/movie/{movie_id}/release_dates")
        return [] if raw is None else extras.release_dates(raw)

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        raw = await self._tmdb.get(f"/{kind.value}/{media_id}/videos")
        return [] if raw is None else extras.videos(raw)

    async def collection(self, collection_id: int) -> Collection | None:
        raw = await self._tmdb.get(f"/collection/{collection_id}")
        return None if raw is None else extras.collection(raw)

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        raw = await self._tmdb.get(f"/{kind.value}/{media_id}/reviews", {"page": _page(page)})
        return [] if raw is None else extras.reviews(raw)

    async def genres(self, kind: MediaKind) -> list[Genre]:
        raw = await self._tmdb.get(f"/genre/{kind.value}/list")
        return [] if raw is None else extras.genres(raw)
