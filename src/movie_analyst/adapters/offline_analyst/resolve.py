"""Turns a title or a name as written into a catalog entry, through search tool calls.

A title may carry its year ("Psycho (1998)") or be an IMDb id ("tt0111161"). Several exact
matches are an ambiguity: the best-known one (most votes) is used and the answer says so.
"""

import re
from typing import Any

import msgspec

from movie_analyst.adapters.offline_analyst.phrasing import film, norm, norm_title
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

_YEAR = re.compile(r"\s*\((1[89]\d\d|20\d\d)\)\s*$|\s+from\s+(1[89]\d\d|20\d\d)\s*$")
_IMDB = re.compile(r"\b(tt\d{7,8})\b", re.IGNORECASE)


class Resolved(msgspec.Struct, frozen=True, kw_only=True):
    item: dict[str, Any]
    note: str = ""  # said at the end of the answer: an ambiguity or a loose match


def split_year(text: str) -> tuple[str, int | None]:
    match = _YEAR.search(text)
    if not match:
        return text.strip(), None
    return text[: match.start()].strip(), int(match.group(1) or match.group(2))


def resolve_title(tape: Tape, text: str) -> Resolved:
    """The movie or show `text` names; `Finish` with an honest sentence when there is none."""
    imdb = _IMDB.search(text)
    if imdb:
        return _by_imdb(tape, imdb.group(1).lower())
    title, year = split_year(text)
    args: dict[str, Any] = {"query": title, "kind": "multi"}
    if year:
        args["year"] = year
    found = tape.call("search_media", args, f"I need to find “{title}” in the catalog first.")
    return choose_title(found, title, year)


def choose_title(found: dict[str, Any], title: str, year: int | None) -> Resolved:
    """The best title among a search observation's results, or `Finish` when there is none."""
    candidates = [r for r in results_of(found) if r.get("kind") in ("movie", "tv") and "id" in r]
    if not candidates:
        raise Finish(_not_found(found, f"a film or show called “{title}”"))
    return _pick(candidates, title, year)


def _by_imdb(tape: Tape, imdb_id: str) -> Resolved:
    found = tape.call(
        "find_by_external_id",
        {"external_id": imdb_id, "source": "imdb_id"},
        f"{imdb_id} is an IMDb id, so I look it up directly.",
    )
    items = [r for r in results_of(found) if r.get("kind") in ("movie", "tv") and "id" in r]
    if not items:
        raise Finish(_not_found(found, f"a title with the IMDb id {imdb_id}"))
    return Resolved(item=items[0])


def _pick(candidates: list[dict[str, Any]], title: str, year: int | None) -> Resolved:
    wanted = norm_title(title)
    exact = [r for r in candidates if norm_title(str(r.get("title", ""))) == wanted]
    if year:
        dated = [r for r in exact or candidates if r.get("year") == year]
        if dated:
            return Resolved(item=dated[0])
    if len(exact) == 1:
        return Resolved(item=exact[0], note=_taken_as(title, exact[0]))
    if len(exact) > 1:
        best = max(exact, key=lambda r: (_renown(r), -exact.index(r)))
        years = ", ".join(str(r.get("year", "?")) for r in exact)
        note = (
            f"There are {len(exact)} titles called “{best.get('title')}” in the catalog ({years}); "
            f"I went with the best-known, from {best.get('year', 'an unknown year')}. "
            "Add the year to your question for another one."
        )
        return Resolved(item=best, note=note)
    close = [r for r in candidates if resembles(title, str(r.get("title", "")))]
    if not close:
        raise Finish(f"I couldn't find a film or show called “{title}” in the catalog.")
    return Resolved(
        item=close[0], note=f"I found no exact match for “{title}”, so I used the closest one."
    )


def _taken_as(asked: str, item: dict[str, Any]) -> str:
    """Said when the match differs from what was typed by more than case and punctuation
    ("Arrival" matched "The Arrival" from 1996: the user may have meant a film the catalog
    lacks)."""
    if norm(asked) == norm(str(item.get("title", ""))):
        return ""
    return f"(I took “{asked}” to mean {film(item)}.)"


_FILLER = frozenset(
    ["the", "a", "an", "of", "and", "in", "on", "to", "is", "what", "s", "like", "about", "me"]
)


def resembles(wanted: str, title: str) -> bool:
    """Whether most of the words asked for appear in a candidate title (a search engine's fuzzy
    hit for "what's the weather like" is not a film the user named)."""
    words = set(norm(wanted).split()) - _FILLER
    found = set(norm(title).split())
    return bool(words) and len(words & found) * 2 > len(words)


def _renown(item: dict[str, Any]) -> float:
    """How well known a title is: votes, weighted by how well liked (a cult classic with fewer
    votes beats a panned remake with more)."""
    votes = item.get("vote_count") or 0
    rating = item.get("vote_average") or 5.0
    return float(votes) * float(rating) ** 2


def resolve_person(tape: Tape, name: str) -> dict[str, Any]:
    """The person `name` names (exact name first, else the catalog's best match)."""
    found = tape.call(
        "search_media",
        {"query": name, "kind": "person"},
        f"I need to find {name} in the catalog first.",
    )
    people = [r for r in results_of(found) if r.get("kind") == "person" and "id" in r]
    if not people:
        raise Finish(_not_found(found, f"anyone called “{name}”"))
    wanted = norm(name)
    exact = [p for p in people if norm(str(p.get("name", ""))) == wanted]
    return (exact or people)[0]


def results_of(observation: dict[str, Any]) -> list[dict[str, Any]]:
    results = observation.get("results", [])
    return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []


def _not_found(observation: dict[str, Any], what: str) -> str:
    if "error" in observation:
        return f"I couldn't look up {what}: {observation['error']}"
    return f"I couldn't find {what} in the catalog. Could you check the spelling?"
