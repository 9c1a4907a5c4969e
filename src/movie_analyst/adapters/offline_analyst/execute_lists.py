"""Answers that are sets of films: lists under any mix of filters, counts, and superlatives.

One director alone is listed from their directing credits (`get_person`, exact); every other
mix goes to `discover` with all its filters at once. The ranking asked for is applied to what
the tools return, and the heading says what was understood.
"""

from typing import Any

import msgspec

from movie_analyst.adapters.offline_analyst import entities
from movie_analyst.adapters.offline_analyst.describe import heading, unapplied
from movie_analyst.adapters.offline_analyst.entities import Outcome
from movie_analyst.adapters.offline_analyst.genres import catalog_genre
from movie_analyst.adapters.offline_analyst.phrasing import MAX_LISTED, numbered, plural
from movie_analyst.adapters.offline_analyst.query import Query
from movie_analyst.adapters.offline_analyst.resolve import results_of
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

Item = dict[str, Any]
SORTS = {
    "critics": "vote_average",
    "popularity": "popularity",
    "box_office": "revenue",
    "runtime": "runtime",
    "year": "release_date",
    "oscars": "oscars",
    "": "popularity",
}
LOCAL = {"critics": "vote_average", "runtime": "runtime", "year": "year"}  # fmt: skip
DIRECTOR_AT = 3  # directing credits that make "X films" mean the films X directed…
DIRECTING_WEIGHT = 3  # …when a film directed weighs as much as three acted in
CHECKS = 3  # films checked one by one when a ranked list mixes roles
# A catalog-wide list by critics' average counts only films this many critics reviewed (said in
# its heading), so a 10/10 from five reviews does not top it; the order is the average shown.
REVIEW_FLOOR = 40


class Found(msgspec.Struct, kw_only=True):
    films: list[Item]
    total: int
    people: list[Item]
    complete: bool  # whether `films` is the whole set (so it may be re-ranked locally)
    by_credits: bool = False  # one person's credits in one role (`total` counts them all)


def gather(tape: Tape, q: Query, earlier: Outcome | None, genres: list[str],
           known: list[Item] | None = None) -> Found:  # fmt: skip
    """`known`: the people already resolved (from an observation in this turn)."""
    people = known if known is not None else entities.people(tape, q.people, earlier)
    simple = not (q.genres or q.min_reviews or q.min_rating or q.runtime_min or q.runtime_max
                  or q.language)  # fmt: skip
    if len(people) != 1 or not simple:
        return _discover(tape, q, people, genres)
    credits = _credits_in_role(tape, q, people[0])
    if not q.metric or (credits.complete and q.metric in LOCAL):
        return credits
    ranked = _discover(tape, q, people, genres)
    films = _in_credits(tape, ranked.films, credits, q.limit or MAX_LISTED)
    return Found(films=films, total=credits.total, people=credits.people, complete=False,
                 by_credits=True)  # fmt: skip


def _credits_in_role(tape: Tape, q: Query, who: Item) -> Found:
    """One person's credits: in the role asked, else as a director when directing weighs
    enough against acting in that period (Scorsese, Tarantino: not Franco, Clooney)."""
    role = _role(q, [who])
    if role != "any":
        return _credits(tape, q, who, role)
    directed = _credits(tape, q, who, "director")
    if who.get("department") == "Directing" and directed.total:
        return directed
    acted = _credits(tape, q, who, "cast")
    weighs = directed.total >= DIRECTOR_AT and directed.total * DIRECTING_WEIGHT >= acted.total
    return directed if weighs or not acted.total else acted


def _in_credits(tape: Tape, ranked: list[Item], credits: Found, need: int) -> list[Item]:
    """The ranked films that are really this person's credits in that role: checked against
    the credit list, or (when that list is capped) against each film's details."""
    ids = {f.get("id") for f in credits.films}
    if credits.complete:
        return [f for f in ranked if f.get("id") in ids]
    who, role = credits.people[0], str(credits.people[0].get("role"))
    key = {"director": "directors", "writer": "writers"}.get(role)
    kept: list[Item] = []
    for item in ranked[: need + CHECKS]:
        if len(kept) >= need:
            break
        if item.get("id") in ids or key is None:
            kept.append(item)
            continue
        details = tape.call(
            "get_details",
            {"kind": "movie", "id": item["id"]},
            f"I check that {who['name']} is a {role} of {item.get('title')}.",
        )
        if any(isinstance(p, dict) and p.get("id") == who.get("id") for p in details.get(key, [])):
            kept.append(item)
    return kept


def _discover(tape: Tape, q: Query, people: list[Item], genres: list[str]) -> Found:
    args: dict[str, Any] = {"kind": "movie", "genres": [catalog_genre(g, genres) for g in q.genres],
                            "with_people": [p["name"] for p in people]}  # fmt: skip
    for key, value in (
        ("year_from", q.year_from),
        ("year_to", q.year_to),
        ("min_votes", q.min_reviews),
        ("min_rating", q.min_rating),
        ("runtime_min", q.runtime_min),
        ("runtime_max", q.runtime_max),
        ("language", q.language or None),
    ):
        if value is not None:
            args[key] = value
    args["sort_by"] = f"{SORTS[q.metric]}.{'asc' if q.ascending else 'desc'}"
    listed = tape.call("discover", args, "I browse the catalog with every filter at once.")
    if "error" in listed:
        raise Finish(f"I couldn't list those films: {listed['error']}")
    films = results_of(listed)
    total = int(listed.get("total_results", len(films)))
    return Found(films=films, total=total, people=people, complete=total <= len(films))


def _role(q: Query, people: list[Item]) -> str:
    role = q.people[0].role if q.people else "any"
    if role == "any" and "director" in q.fields:
        return "director"
    if role == "any" and people[0].get("role") in ("director", "writer", "cast"):
        return str(people[0]["role"])  # a person taken from the previous answer, in that role
    return role


def _credits(tape: Tape, q: Query, who: Item, role: str) -> Found:
    args: dict[str, Any] = {"id": who["id"], "role": role, "sort": "best_known"}
    args |= {k: v for k, v in (("year_from", q.year_from), ("year_to", q.year_to)) if v}
    profile = tape.call("get_person", args, f"I read {who['name']}'s {role} credits.")
    if "error" in profile:
        raise Finish(f"I couldn't list films for **{who['name']}**: {profile['error']}")
    films: dict[Any, Item] = {}
    for credit in profile.get("filmography", []):
        if isinstance(credit, dict) and (role != "director" or credit.get("role") == "Director"):
            films.setdefault(credit.get("id"), credit)
    listed = list(films.values())
    total = int(profile.get("total_credits", len(listed)))
    who = who | {"role": role}
    return Found(films=listed, total=total, people=[who], complete=total <= len(listed),
                 by_credits=True)  # fmt: skip


def rank(found: Found, q: Query) -> list[Item]:
    films = list(found.films)
    key = LOCAL.get(q.metric)
    if key and (found.complete or q.metric == "critics" or not q.people):
        present = [f for f in films if isinstance(f.get(key), int | float)]
        films = sorted(present, key=lambda f: f[key], reverse=not q.ascending)
        films += [f for f in found.films if f not in present]
    elif q.period and not q.metric:
        films.sort(key=lambda f: f.get("year") or 0)
    return films


def titles(tape: Tape, q: Query, earlier: Outcome | None, genres: list[str],
           known: list[Item] | None = None) -> Outcome:  # fmt: skip
    q = with_review_floor(q)
    found = gather(tape, q, earlier, genres, known)
    films = rank(found, q)
    if q.exclude_previous and earlier:
        seen = {f.get("id") for f in earlier.films}
        films = [f for f in films if f.get("id") not in seen]
    shown = films[: q.limit or MAX_LISTED]
    head = heading(q, found.people, genres)
    notes = unapplied(q)
    if not shown:
        what = heading(q, found.people, genres, counting=True)
        return Outcome(text=f"I found no {what[0].lower() + what[1:]} in the catalog. "
                       f"{_nearest(q)}{notes}", people=found.people)  # fmt: skip
    text = f"{head}{_count(found, shown)}:\n{numbered(shown, q.metric == 'critics')}{notes}"
    return Outcome(text=text, films=shown, people=found.people, total=found.total)


def with_review_floor(q: Query) -> Query:
    """A list by critics' average over the whole catalog (no person's credits) gets
    REVIEW_FLOOR unless the question set a minimum of its own."""
    if q.metric != "critics" or q.min_reviews or q.people:
        return q
    return msgspec.structs.replace(q, min_reviews=REVIEW_FLOOR)


_VERBS = {"director": "directed", "writer": "wrote", "cast": "acted in"}


def _count(found: Found, shown: list[Item]) -> str:
    """ "(Ridley Scott directed 22 films in the catalog; 10 shown)" """
    extra = f"; {len(shown)} shown" if found.total > len(shown) else ""
    role = str(found.people[0].get("role", "")) if found.by_credits else ""
    if role in _VERBS:
        said = f"**{found.people[0]['name']}** {_VERBS[role]} {plural(found.total, 'film')}"
        return f" ({said} in the catalog{extra})"
    return f" ({plural(found.total, 'film')} in all{extra})" if extra else ""


def _nearest(q: Query) -> str:
    if q.genres and (q.people or q.period):
        return "Try it without the genre, or with another period."
    if q.period:
        return "Try a wider period."
    if q.min_reviews or q.min_rating:
        return "Try a lower minimum."
    return "Try fewer constraints."


def count(tape: Tape, q: Query, earlier: Outcome | None, genres: list[str]) -> Outcome:
    found = gather(tape, q, earlier, genres)
    head = heading(q, found.people, genres, counting=True)
    text = f"{head}: {plural(found.total, 'film')} in the catalog.{unapplied(q)}"
    return Outcome(text=text, films=found.films, people=found.people, total=found.total)
