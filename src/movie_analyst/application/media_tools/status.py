"""One-line status texts for the UI while a tool runs ("Searching the catalog for “Arrival”…").

Both functions never raise: a status line must not break a run.
"""

from collections.abc import Callable
from typing import Any

import msgspec

_CALLS: dict[str, Callable[[dict[str, Any]], str]] = {
    "search_media": lambda x: f"Searching the catalog for “{x['query']}”…",
    "get_details": lambda x: f"Looking up the details of {x['kind']} #{x['id']}…",
    "get_person": lambda x: f"Looking up person #{x['id']}…",
    "trending": lambda x: f"Checking what's trending this {x.get('window', 'week')}…",
    "popular": lambda x: f"Listing popular {_plural(x)}…",
    "top_rated": lambda x: f"Listing top-rated {_plural(x)}…",
    "upcoming": lambda x: "Checking upcoming releases…",
    "now_playing": lambda x: "Checking what's in cinemas…",
    "airing_today": lambda x: "Checking TV airing today…",
    "on_the_air": lambda x: "Checking TV on the air this week…",
    "similar": lambda x: f"Finding titles similar to {x['kind']} #{x['id']}…",
    "recommendations": lambda x: f"Finding recommendations for {x['kind']} #{x['id']}…",
    "discover": lambda x: f"Discovering {_plural(x)}{_filters(x)}…",
    "find_by_external_id": lambda x: f"Looking up {x['external_id']}…",
    "watch_providers": lambda x: f"Checking where to watch {x['kind']} #{x['id']}…",
    "tv_season": lambda x: f"Listing season {x['season_number']} of show #{x['show_id']}…",
    "next_episode": lambda x: f"Checking the next episode of show #{x['show_id']}…",
    "tv_schedule": lambda x: f"Checking the TV schedule in {x.get('country') or 'US'}…",
    "release_dates": lambda x: f"Checking release dates of movie #{x['movie_id']}…",
    "videos": lambda x: f"Finding trailers for {x['kind']} #{x['id']}…",
    "collection": lambda x: f"Looking up collection #{x['id']}…",
    "reviews": lambda x: f"Reading reviews of {x['kind']} #{x['id']}…",
    "genres": lambda x: f"Listing {x.get('kind') or 'movie'} genres…",
}


def summarize_call(name: str, raw_args: dict[str, Any] | str | None) -> str:
    """A short present-tense line saying what the agent is doing."""
    try:
        return _CALLS[name](_as_dict(raw_args))
    except Exception:  # a status line is cosmetic; any odd argument falls back to the name
        return f"Calling {name}…"


def summarize_result(name: str, result_json: str) -> str:
    """A short line saying what came back ("Found 5 titles", "No live data offline")."""
    try:
        body = msgspec.json.decode(result_json)
    except msgspec.DecodeError:
        return "Got an answer"
    if not isinstance(body, dict):
        return "Got an answer"
    if "error" in body:
        return f"No answer: {body['error']}"
    if "results" in body:
        return _found(body)
    if "region" in body:
        return f"Found where to watch in {body['region']}"
    if "episodes" in body:
        return f"Got season {body.get('season', '?')} ({body.get('total_episodes', 0)} episodes)"
    if "episode" in body:
        when = f" on {body['air_date']}" if "air_date" in body else ""
        return f"Next: S{body.get('season', '?')}E{body['episode']}{when}"
    if "title" in body:
        year = f" ({body['year']})" if "year" in body else ""
        return f"Got details of “{body['title']}”{year}"
    if "name" in body:
        return f"Got “{body['name']}”"
    return "Got an answer"


def _found(body: dict[str, Any]) -> str:
    results = body["results"]
    total = body.get("total_results", len(results))
    if not results:
        return "Found nothing"
    kinds = {r.get("kind") for r in results if isinstance(r, dict)}
    noun = "people" if kinds == {"person"} else "titles" if kinds else "results"
    if kinds == {"person"} and total == 1:
        noun = "person"
    elif total == 1:
        noun = noun.removesuffix("s")
    return f"Found {total} {noun}"


def _as_dict(raw_args: dict[str, Any] | str | None) -> dict[str, Any]:
    if isinstance(raw_args, dict):
        return raw_args
    if not raw_args:
        return {}
    decoded = msgspec.json.decode(raw_args)
    return decoded if isinstance(decoded, dict) else {}


def _plural(x: dict[str, Any]) -> str:
    return "shows" if x.get("kind") == "tv" else "movies"


def _filters(x: dict[str, Any]) -> str:
    parts = []
    if x.get("genres"):
        parts.append(", ".join(map(str, x["genres"])))
    if x.get("year_from") or x.get("year_to"):
        parts.append(f"{x.get('year_from') or '…'}–{x.get('year_to') or '…'}")
    if x.get("min_rating"):
        parts.append(f"rated ≥ {x['min_rating']}")
    if x.get("with_people"):
        parts.append("with " + ", ".join(map(str, x["with_people"])))
    return f" ({'; '.join(parts)})" if parts else ""
