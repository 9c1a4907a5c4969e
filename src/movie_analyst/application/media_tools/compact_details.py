"""Compact forms of one title's or one person's full record."""

from typing import Any

from movie_analyst.application.media_tools.compact import (
    LIST_CAP,
    LONG_TEXT_CHARS,
    credited,
    item,
    person,
    prune,
    rounded,
    short,
    trim,
)
from movie_analyst.application.media_tools.compact_live import episode
from movie_analyst.domain.media import Credits, MediaDetails, PersonDetails

WRITING_JOBS = {"Screenplay", "Writer", "Story", "Novel", "Author", "Teleplay", "Book"}


def credits(result: Credits) -> dict[str, Any]:
    cast = [
        prune({"id": c.person_id, "name": c.name, "character": c.character}) for c in result.cast
    ]
    directors = [c for c in result.crew if c.job == "Director"]
    writers = [c for c in result.crew if c.job in WRITING_JOBS or c.department == "Writing"]
    billed = any(c.order is not None for c in result.cast)
    return {
        "directors": _unique_people(directors),
        "writers": _unique_people(writers),
        "cast": cast[:LIST_CAP],
        "cast_order": None if billed or not cast else "best-known first (billing order unknown)",
    }


def details(result: MediaDetails) -> dict[str, Any]:
    body = item(result.item)
    body["overview"] = trim(result.item.overview, LONG_TEXT_CHARS)
    body.pop("poster", None)
    body |= {
        "tagline": result.tagline,
        "status": result.status,
        "certification": result.certification,
        "scores": {k: rounded(v) for k, v in result.scores.items()},
        "budget": result.budget,
        "revenue": result.revenue,
        "awards": result.awards[:LIST_CAP],
        "number_of_seasons": result.number_of_seasons,
        "number_of_episodes": result.number_of_episodes,
        "next_episode": episode(result.next_episode) if result.next_episode else None,
        **credits(result.credits),
        "recommendations": [short(r) for r in result.recommendations[:5]],
        "homepage": result.homepage,
    }
    return prune(body)


def person_details(result: PersonDetails) -> dict[str, Any]:
    body = person(result.person)
    body |= {
        "birthday": result.birthday,
        "deathday": result.deathday,
        "place_of_birth": result.place_of_birth,
        "imdb_id": result.imdb_id,
        "biography": trim(result.biography, LONG_TEXT_CHARS),
        "filmography": [{**credited(c.item), "role": c.role} for c in result.credits[:LIST_CAP]],
        "total_credits": len(result.credits),
    }
    return prune(body)


def _unique_people(crew: list[Any]) -> list[dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    for credit in crew:
        seen.setdefault(credit.person_id, {"id": credit.person_id, "name": credit.name})
    return list(seen.values())[:LIST_CAP]
