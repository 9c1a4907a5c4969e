"""TMDB list JSON -> domain items and pages.

Posters become full URLs (`https://image.tmdb.org/t/p/w342/...`): the UI and the agent can show
them without fetching `/configuration`, whose image base has not changed in years.
"""

from typing import Any

from movie_analyst.adapters.tmdb.genres import genre_names
from movie_analyst.domain.media import MediaItem, MediaKind, Page, PersonSummary

Json = dict[str, Any]
IMAGE_BASE = "https://image.tmdb.org/t/p/"
LAST_PAGE = 500  # TMDB refuses pages past 500 (error 22)


def image_url(path: object, size: str = "w342") -> str | None:
    return f"{IMAGE_BASE}{size}{path}" if isinstance(path, str) and path.startswith("/") else None


def year_of(date: object) -> int | None:
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def media_item(raw: Json, kind: MediaKind) -> MediaItem:
    date = raw.get("release_date") or raw.get("first_air_date") or None
    if "genres" in raw:
        genres = [g["name"] for g in raw["genres"] if isinstance(g, dict) and "name" in g]
    else:
        genres = genre_names(kind, raw.get("genre_ids") or [])
    external = raw.get("external_ids") or {}
    return MediaItem(
        kind=kind,
        id=int(raw["id"]),
        title=raw.get("title") or raw.get("name") or "",
        year=year_of(date),
        release_date=date,
        overview=raw.get("overview") or None,
        genres=genres,
        runtime=_runtime(raw),
        vote_average=raw.get("vote_average"),
        vote_count=raw.get("vote_count"),
        popularity=raw.get("popularity"),
        poster_path=image_url(raw.get("poster_path")),
        imdb_id=raw.get("imdb_id") or external.get("imdb_id") or None,
        original_language=raw.get("original_language"),
    )


def _runtime(raw: Json) -> int | None:
    runtime = raw.get("runtime")
    if isinstance(runtime, int) and runtime > 0:
        return runtime
    episode = raw.get("episode_run_time") or []
    return episode[0] if episode and isinstance(episode[0], int) else None


def person_summary(raw: Json) -> PersonSummary:
    known = [k.get("title") or k.get("name") for k in raw.get("known_for") or []]
    return PersonSummary(
        id=int(raw["id"]),
        name=raw.get("name") or "",
        known_for_department=raw.get("known_for_department"),
        known_for=[k for k in known if k],
        profile_path=image_url(raw.get("profile_path"), "w185"),
    )


def entry(raw: Json, default: str | None) -> MediaItem | PersonSummary | None:
    """One listing row; `media_type` wins over the endpoint's kind. Collections are skipped."""
    kind = raw.get("media_type") or default
    if kind == "person":
        return person_summary(raw)
    if kind in ("movie", "tv") and "id" in raw:
        return media_item(raw, MediaKind(kind))
    return None


def entries(rows: list[Json], default: str | None) -> list[MediaItem | PersonSummary]:
    found = (entry(row, default) for row in rows if isinstance(row, dict))
    return [item for item in found if item is not None]


def page(raw: Json | None, default: str | None) -> Page:
    if raw is None:
        return Page(items=[], page=1, total_pages=0, total_results=0)
    return Page(
        items=entries(raw.get("results") or [], default),
        page=int(raw.get("page") or 1),
        total_pages=min(int(raw.get("total_pages") or 1), LAST_PAGE),
        total_results=int(raw.get("total_results") or 0),
    )


def media_items(rows: list[Json], kind: MediaKind) -> list[MediaItem]:
    return [i for i in entries(rows, kind.value) if isinstance(i, MediaItem)]
