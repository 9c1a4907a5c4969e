"""TVMaze (no key): TV schedules by country and next episodes, for `LiveMediaCatalog`.

Not a whole `MediaCatalog`: TVMaze ids differ from TMDB's, so it answers only the questions
TMDB cannot (schedules by country, next episode when TMDB has none) and never hands out ids.
Data is CC BY-SA: `TVMAZE_ATTRIBUTION` must be shown with it.
"""

from typing import Any

import httpx
import msgspec

from movie_analyst.adapters.http_support import RetryPolicy, error_message, send_with_retries
from movie_analyst.adapters.mapping_guard import guard_mapping
from movie_analyst.adapters.rate_limiter import SlidingWindowLimiter
from movie_analyst.adapters.tvmaze import mapping
from movie_analyst.application.errors import (
    LiveDataUnavailable,
    UpstreamBadResponse,
    UpstreamUnavailable,
)
from movie_analyst.domain.media import Episode

TVMAZE_ATTRIBUTION = "TV schedules from TVMaze (https://www.tvmaze.com), CC BY-SA."
UPSTREAM = "TVMaze"
# People say UK; TVMaze, like ISO 3166-1, says GB (and answers 422 to UK).
_COUNTRY_ALIASES = {"UK": "GB", "EN": "GB", "USA": "US"}


@guard_mapping(UPSTREAM)
class TvmazeEpisodes:
    """`http` must follow redirects (`/lookup/shows` answers 301 to `/shows/{id}`)."""

    name = "tvmaze"
    attribution = TVMAZE_ATTRIBUTION

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        base_url: str,
        policy: RetryPolicy,
        limiter: SlidingWindowLimiter | None = None,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._policy = policy
        self._limiter = limiter or SlidingWindowLimiter(20, 10.0)

    async def schedule(self, country: str, date: str | None = None) -> list[Episode]:
        """Broadcast then streaming episodes airing on `date` (default: TVMaze's today)."""
        code = country.strip().upper()
        code = _COUNTRY_ALIASES.get(code, code)
        params = {"country": code, **({"date": date} if date else {})}
        aired = await self._get("/schedule", params) or []
        streamed = await self._get("/schedule/web", params) or []
        return [mapping.episode(e) for e in [*aired, *streamed] if isinstance(e, dict)]

    async def next_episode(
        self, *, imdb_id: str | None = None, tvdb_id: int | None = None, title: str | None = None
    ) -> Episode | None:
        """The show's next episode, found by IMDb id, TVDB id or title (in that order)."""
        show_id = await self._show_id(imdb_id, tvdb_id, title)
        if show_id is None:
            return None
        show = await self._get(f"/shows/{show_id}", {"embed": "nextepisode"})
        if not isinstance(show, dict):
            return None
        upcoming = (show.get("_embedded") or {}).get("nextepisode")
        return mapping.episode(upcoming, show) if isinstance(upcoming, dict) else None

    async def _show_id(self, imdb: str | None, tvdb: int | None, title: str | None) -> int | None:
        lookups = [("imdb", imdb), ("thetvdb", tvdb)]
        for key, value in lookups:
            if value:
                show = await self._get("/lookup/shows", {key: str(value)})
                if isinstance(show, dict) and "id" in show:
                    return int(show["id"])
        if title and title.strip():
            show = await self._get("/singlesearch/shows", {"q": title.strip()})
            if isinstance(show, dict) and "id" in show:
                return int(show["id"])
        return None

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        """Decoded JSON; None for 404 (TVMaze's miss, often with the body `null`)."""
        await self._limiter.acquire()
        response = await send_with_retries(
            self._http,
            lambda: self._http.build_request("GET", self._base + path, params=params),
            policy=self._policy,
            upstream=UPSTREAM,
        )
        if response.status_code == 404:
            return None
        if response.status_code in (400, 422):
            raise LiveDataUnavailable(f"TVMaze could not answer: {error_message(response)}")
        if response.status_code != 200:
            message = f"TVMaze answered HTTP {response.status_code}: {error_message(response)}"
            raise UpstreamUnavailable(message, upstream=UPSTREAM)
        try:
            return msgspec.json.decode(response.content)
        except msgspec.DecodeError as exc:
            raise UpstreamBadResponse(
                "TVMaze sent a body that is not JSON", upstream=UPSTREAM
            ) from exc
