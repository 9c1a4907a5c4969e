"""Directors' filmographies, read from their directing credits (not every film they are in)."""

from typing import Any

from movie_analyst.adapters.offline_analyst.intent import Intent
from movie_analyst.adapters.offline_analyst.periods import describe_period
from movie_analyst.adapters.offline_analyst.phrasing import (
    excluded_titles,
    norm_title,
    numbered,
    person,
    plural,
)
from movie_analyst.adapters.offline_analyst.resolve import resolve_person
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape


def directed_films(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """A person's directing credits from `get_person`, each film once, newest first."""
    credits = profile.get("filmography", [])
    films: dict[Any, dict[str, Any]] = {}
    for credit in credits if isinstance(credits, list) else []:
        if isinstance(credit, dict) and credit.get("role") == "Director":
            films.setdefault(credit.get("id"), credit)
    return list(films.values())


def directing_credits(
    tape: Tape, who: dict[str, Any], year_from: int | None = None, year_to: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """(the listed directing credits, best-known first; how many there are in all)."""
    args: dict[str, Any] = {"id": who["id"], "role": "director", "sort": "best_known"}
    args |= {k: v for k, v in (("year_from", year_from), ("year_to", year_to)) if v is not None}
    profile = tape.call("get_person", args, f"I read {who['name']}'s directing credits.")
    if "error" in profile:
        raise Finish(f"I couldn't list films for {person(who['name'])}: {profile['error']}")
    films = directed_films(profile)
    return films, int(profile.get("total_credits", len(films)))


def directed_filmography(tape: Tape, intent: Intent) -> str:
    """Directors are listed from their directing credits, not every film they appear in."""
    who = resolve_person(tape, intent.person)
    films, total = directing_credits(tape, who, intent.year_from, intent.year_to)
    skip = excluded_titles(intent.exclude)
    films = [f for f in films if norm_title(str(f.get("title", ""))) not in skip]
    dated = intent.year_from is not None or intent.year_to is not None
    if dated:
        films.sort(key=lambda f: f.get("year") or 0)
    period = describe_period(intent.year_from, intent.year_to)
    name = person(who["name"])
    if not films:
        return f"I found no {'other ' if skip else ''}films directed by {name}{period}."
    head = f"{name} directed {plural(total, 'film')}{period} in the catalog"
    order = "the best-known, in release order" if dated else "best-known first"
    if skip:
        return f"{head}. The others ({order}):\n{numbered(films)}"
    if len(films) < total:
        return f"{head}; here are {len(films)} ({order}):\n{numbered(films)}"
    return f"{head} ({order}):\n{numbered(films)}"
