from typing import Protocol

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


class MediaCatalog(Protocol):
    """A source of movie, TV and people data; the agent's tools are generated from these methods.

    Contract:
    - Ids are the catalog's own (`MediaItem.id`); an unknown id gives `None` or an empty list,
      never an exception, so the agent can say "not found".
    - Listings return at most one page (about 20 items); `page` counts from 1.
    - A question this catalog cannot answer at all (live data such as trending, offline) raises
      `LiveDataUnavailable` with a sentence the agent can pass on.
    - Upstream failures after bounded retries raise a subclass of `UpstreamError`.
    - `attribution` is the notice to show wherever this catalog's data is shown.
    """

    name: str
    attribution: str

    async def search(
        self,
        query: str,
        kind: SearchKind = SearchKind.MULTI,
        year: int | None = None,
        page: int = 1,
    ) -> Page: ...

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        """With credits and recommendations."""
        ...

    async def person(self, person_id: int) -> PersonDetails | None:
        """With the person's filmography (newest first)."""
        ...

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page: ...

    async def popular(self, kind: MediaKind, page: int = 1) -> Page: ...

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page: ...

    async def upcoming(self, page: int = 1) -> Page:
        """Movies soon in cinemas."""
        ...

    async def now_playing(self, page: int = 1) -> Page: ...

    async def airing_today(self, page: int = 1) -> Page:
        """TV shows with an episode airing today."""
        ...

    async def on_the_air(self, page: int = 1) -> Page:
        """TV shows with an episode in the next seven days."""
        ...

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page: ...

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page: ...

    async def discover(self, query: DiscoverQuery) -> Page: ...

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        """`source` is "imdb_id" or "tvdb_id"."""
        ...

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None: ...

    async def tv_season(self, show_id: int, season_number: int) -> Season | None: ...

    async def next_episode(self, show_id: int) -> Episode | None: ...

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        """Episodes airing on `date` (ISO, default today) in `country` (ISO 3166-1)."""
        ...

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]: ...

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]: ...

    async def collection(self, collection_id: int) -> Collection | None: ...

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]: ...

    async def genres(self, kind: MediaKind) -> list[Genre]: ...
