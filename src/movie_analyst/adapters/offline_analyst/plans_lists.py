"""Plans for people, lists and catalog-wide questions (filmographies, counts, best-of lists)."""

import re
from typing import Any

from movie_analyst.adapters.offline_analyst.genres import catalog_genre
from movie_analyst.adapters.offline_analyst.intent import Intent
from movie_analyst.adapters.offline_analyst.periods import describe_period
from movie_analyst.adapters.offline_analyst.phrasing import (
    excluded_titles,
    film,
    norm_title,
    numbered,
    person,
    plural,
)
from movie_analyst.adapters.offline_analyst.plans_directors import directed_filmography
from movie_analyst.adapters.offline_analyst.resolve import resolve_person, results_of
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

_LIVE_WHAT = {
    "trending": "what is trending",
    "upcoming": "which films are coming soon",
    "now_playing": "what is in cinemas now",
    "airing_today": "what airs on TV today",
    "on_the_air": "what is on the air this week",
}
_LIVE_HEADING = {
    "trending": "Trending this week",
    "upcoming": "Coming soon to cinemas",
    "now_playing": "In cinemas now",
    "airing_today": "Airing on TV today",
    "on_the_air": "On the air this week",
}
_LIVE_ARGS: dict[str, dict[str, Any]] = {"trending": {"kind": "all", "window": "week"}}


def _period_args(intent: Intent) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if intent.year_from is not None:
        args["year_from"] = intent.year_from
    if intent.year_to is not None:
        args["year_to"] = intent.year_to
    return args


def _credited(tape: Tape, intent: Intent, sort_by: str) -> tuple[dict[str, Any], dict[str, Any]]:
    who = resolve_person(tape, intent.person)
    args = {
        "kind": "movie",
        "with_people": [who["name"]],
        **_period_args(intent),
        "sort_by": sort_by,
    }
    thought = f"I found {who['name']}; now I list the films they are credited on."
    listed = tape.call("discover", args, thought)
    if "error" in listed:
        raise Finish(f"I couldn't list films for {person(who['name'])}: {listed['error']}")
    return who, listed


def filmography(tape: Tape, intent: Intent) -> str:
    if intent.role == "director":
        return directed_filmography(tape, intent)
    dated = intent.year_from is not None or intent.year_to is not None
    # The best-known credits, shown in release order when a period was asked for.
    who, listed = _credited(tape, intent, "popularity.desc")
    skip = excluded_titles(intent.exclude)
    films = [r for r in results_of(listed) if norm_title(str(r.get("title", ""))) not in skip]
    if dated:
        films.sort(key=lambda r: r.get("year") or 0)
    period = describe_period(intent.year_from, intent.year_to)
    if not films:
        return f"I found no {'other ' if skip else ''}films with {person(who['name'])}{period}."
    total = int(listed.get("total_results", len(films)))
    order = "the best-known, in release order" if dated else "best-known first"
    head = f"{person(who['name'])} is credited on {plural(total, 'film')}{period} in the catalog"
    shown = f"; here are {len(films)} ({order})" if total > len(films) else f" ({order})"
    return f"{head}{shown}:\n{numbered(films)}"


_ROLE_COUNT = re.compile(r"\b(director|writer|cast|actor|acting) on (\d+)\b", re.IGNORECASE)
_ROLE_WORDS = {"director": ("director",), "actor": ("cast", "actor", "acting")}


def count(tape: Tape, intent: Intent) -> str:
    if intent.role in _ROLE_WORDS and intent.year_from is None and intent.year_to is None:
        who = resolve_person(tape, intent.person)
        profile = tape.call("get_person", {"id": who["id"]}, f"I read {who['name']}'s credits.")
        counted = _role_count(str(profile.get("biography", "")), intent.role)
        if counted is not None:
            verb = "directed" if intent.role == "director" else "acted in"
            return f"{person(who['name'])} {verb} {plural(counted, 'film')} in the catalog."
    who, listed = _credited(tape, intent, "release_date.asc")
    total = int(listed.get("total_results", len(results_of(listed))))
    period = describe_period(intent.year_from, intent.year_to)
    return (
        f"The catalog credits {person(who['name'])} on {plural(total, 'film')}{period} "
        "(in any role: director, writer or cast)."
    )


def _role_count(biography: str, role: str) -> int | None:
    for word, number in _ROLE_COUNT.findall(biography):
        if word.lower() in _ROLE_WORDS[role]:
            return int(number)
    return None


def top_rated(tape: Tape, intent: Intent, known_genres: list[str]) -> str:
    genre = catalog_genre(intent.genre, known_genres) if intent.genre else ""
    period = describe_period(intent.year_from, intent.year_to)
    if not genre and not period:
        listed = tape.call("top_rated", {"kind": "movie"}, "I list the catalog's top-rated films.")
    else:
        args = {"kind": "movie", "genres": [genre] if genre else [], **_period_args(intent)}
        args["sort_by"] = "vote_average.desc"
        listed = tape.call(
            "discover", args, "I browse the catalog by genre and period, best first."
        )
    films = results_of(listed)
    label = f"{genre.lower() + ' ' if genre else ''}films{period}"
    if not films:
        reason = listed.get("error", "the catalog has none that match")
        return f"I couldn't find top-rated {label}: {reason}"
    return f"The top-rated {label} in the catalog:\n{numbered(films, with_rating=True)}"


def live(tape: Tape, intent: Intent) -> str:
    what = _LIVE_WHAT.get(intent.live, "live data")
    listed = tape.call(intent.live, _LIVE_ARGS.get(intent.live, {}), f"I check {what}.")
    if "error" in listed:
        return f"Sorry, I can't tell you {what}: {listed['error']}"
    items = results_of(listed)
    if not items:
        return f"The catalog returned nothing for {what} just now."
    heading = _LIVE_HEADING.get(intent.live, "Live from the catalog")
    return f"{heading}, according to the catalog:\n{numbered(items, with_rating=True)}"


def person_profile(tape: Tape, name: str) -> str:
    return profile_of(tape, resolve_person(tape, name))


def profile_of(tape: Tape, who: dict[str, Any]) -> str:
    profile = tape.call(
        "get_person", {"id": who["id"]}, f"I found {who['name']}; now their profile."
    )
    if "error" in profile:
        return f"I found {person(who['name'])} but couldn't load the profile: {profile['error']}"
    return profile_text(profile)


def profile_text(p: dict[str, Any]) -> str:
    lines = [person(str(p.get("name")))]
    born = ", ".join(str(p[k]) for k in ("birthday", "place_of_birth") if p.get(k))
    if born:
        lines[0] += f" (born {born})"
    if p.get("department"):
        lines[0] += f", known for {str(p['department']).lower()}"
    lines[0] += "."
    if p.get("biography"):
        lines.append(str(p["biography"]))
    credits = [c for c in p.get("filmography", []) if isinstance(c, dict)]
    if credits:
        total = p.get("total_credits", len(credits))
        lines.append(f"Credits in the catalog: {total}. Most recent:\n{_credit_lines(credits)}")
    return "\n".join(lines)


def _credit_lines(credits: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{i}. {film(c)}{' — ' + str(c['role']) if c.get('role') else ''}"
        for i, c in enumerate(credits[:10], start=1)
    )
