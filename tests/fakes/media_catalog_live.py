"""The FakeMediaCatalog's live answers: canned, and refused when the fake plays offline."""

from typing import TYPE_CHECKING, Any

from movie_analyst.domain.media import (
    Collection,
    Episode,
    MediaItem,
    MediaKind,
    Page,
    Review,
    SearchKind,
    Season,
    TimeWindow,
    Video,
    WatchProviders,
)

PAGE_SIZE = 20


def page_of(items: list[Any], page: int = 1) -> Page:
    start = (page - 1) * PAGE_SIZE
    pages = max(1, -(-len(items) // PAGE_SIZE))
    return Page(
        items=items[start : start + PAGE_SIZE], page=page, total_pages=pages,
        total_results=len(items),
    )  # fmt: skip


class LiveAnswers:
    """Mixed into FakeMediaCatalog, which provides the attributes declared here."""

    items: dict[tuple[MediaKind, int], MediaItem]

    if TYPE_CHECKING:

        def _log(self, method: str, *args: Any) -> None: ...

        def _need_live(self, what: str) -> None: ...

        def _visible(self) -> list[MediaItem]: ...

    async def trending(self, kind: SearchKind, window: TimeWindow = TimeWindow.WEEK) -> Page:
        self._log("trending", kind, window)
        self._need_live("trending")
        return page_of([i for i in self._visible() if kind in ("multi", i.kind)])

    async def upcoming(self, page: int = 1) -> Page:
        return await self._live_movies("upcoming", page)

    async def now_playing(self, page: int = 1) -> Page:
        return await self._live_movies("now_playing", page)

    async def airing_today(self, page: int = 1) -> Page:
        return await self._live_shows("airing_today", page)

    async def on_the_air(self, page: int = 1) -> Page:
        return await self._live_shows("on_the_air", page)

    async def _live_movies(self, method: str, page: int) -> Page:
        self._log(method, page)
        self._need_live(method)
        return page_of([self.items[(MediaKind.MOVIE, 4)]], page)

    async def _live_shows(self, method: str, page: int) -> Page:
        self._log(method, page)
        self._need_live(method)
        return page_of([i for i in self._visible() if i.kind == MediaKind.TV], page)

    async def watch_providers(
        self, kind: MediaKind, media_id: int, region: str
    ) -> WatchProviders | None:
        self._log("watch_providers", kind, media_id, region)
        self._need_live("watch providers")
        if (kind, media_id) not in self.items:
            return None
        return WatchProviders(region=region, flatrate=["Netflix"], rent=["Apple TV"])

    async def tv_season(self, show_id: int, season_number: int) -> Season | None:
        self._log("tv_season", show_id, season_number)
        self._need_live("TV seasons")
        if (MediaKind.TV, show_id) not in self.items:
            return None
        episodes = [
            Episode(season_number=season_number, episode_number=n, name=f"Episode {n}")
            for n in range(1, 8)
        ]
        return Season(
            show_id=show_id,
            season_number=season_number,
            name=f"Season {season_number}",
            episodes=episodes,
        )

    async def next_episode(self, show_id: int) -> Episode | None:
        self._log("next_episode", show_id)
        self._need_live("next episode")
        show = self.items.get((MediaKind.TV, show_id))
        if show is None:
            return None
        return Episode(
            season_number=2,
            episode_number=1,
            name="Hello, Ms. Cobel",
            air_date="2030-01-17",
            show_title=show.title,
        )

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        self._log("schedule", country, date)
        self._need_live("TV schedule")
        return [
            Episode(
                season_number=1,
                episode_number=1,
                name="Pilot",
                show_title="Severance",
                air_date=date or "2030-01-17",
                network="Apple TV+",
            )
        ]

    async def videos(self, kind: MediaKind, media_id: int) -> list[Video]:
        self._log("videos", kind, media_id)
        self._need_live("videos")
        return [Video(name="Official Trailer", site="YouTube", key="abc123", type="Trailer")]

    async def collection(self, collection_id: int) -> Collection | None:
        self._log("collection", collection_id)
        self._need_live("collections")
        if collection_id != 8091:
            return None
        parts = [self.items[(MediaKind.MOVIE, 1)], self.items[(MediaKind.MOVIE, 2)]]
        return Collection(id=8091, name="Alien Collection", parts=parts)

    async def reviews(self, kind: MediaKind, media_id: int, page: int = 1) -> list[Review]:
        self._log("reviews", kind, media_id, page)
        self._need_live("reviews")
        return [Review(author="critic", content="In space no one can hear you scream.", rating=9)]
