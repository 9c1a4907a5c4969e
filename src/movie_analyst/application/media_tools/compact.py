"""Domain values -> small JSON-ready dicts, so a tool result costs few prompt tokens.

Rules: lists capped at `LIST_CAP` items (a season's episodes and genre names excepted: a partial
season or genre list would mislead), overviews trimmed, None and empty values dropped, and every
movie, show or person carries `kind` and `id` so the model can call the next tool with them.
"""

from typing import Any

from movie_analyst.domain.media import MediaItem, PersonSummary

LIST_CAP = 10
EPISODE_CAP = 30
OVERVIEW_CHARS = 200
LONG_TEXT_CHARS = 400


def trim(text: str | None, limit: int = OVERVIEW_CHARS) -> str | None:
    if not text or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def prune(value: dict[str, Any]) -> dict[str, Any]:
    """Drop None, "" and empty collections (zero and False stay: they say something)."""
    return {k: v for k, v in value.items() if v is not None and v != "" and v != [] and v != {}}


def item(media: MediaItem) -> dict[str, Any]:
    return prune(
        {
            "kind": media.kind.value,
            "id": media.id,
            "title": media.title,
            "year": media.year,
            "release_date": media.release_date,
            "vote_average": rounded(media.vote_average),
            "vote_count": media.vote_count,
            "genres": media.genres,
            "runtime": media.runtime,
            "language": media.original_language,
            "imdb_id": media.imdb_id,
            "overview": trim(media.overview),
            "poster": media.poster_path,
        }
    )


def credited(media: MediaItem) -> dict[str, Any]:
    """A filmography entry: enough for a card (score, runtime, poster), without the overview."""
    return short(media) | prune(
        {
            "vote_average": rounded(media.vote_average),
            "runtime": media.runtime,
            "poster": media.poster_path,
        }
    )


def person(summary: PersonSummary) -> dict[str, Any]:
    return prune(
        {
            "kind": "person",
            "id": summary.id,
            "name": summary.name,
            "department": summary.known_for_department,
            "known_for": summary.known_for[:3],
        }
    )


def entry(value: MediaItem | PersonSummary) -> dict[str, Any]:
    return item(value) if isinstance(value, MediaItem) else person(value)


def short(media: MediaItem) -> dict[str, Any]:
    kind, year = media.kind.value, media.year
    return prune({"kind": kind, "id": media.id, "title": media.title, "year": year})


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
