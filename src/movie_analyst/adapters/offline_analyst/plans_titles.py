"""Plans for questions about one or two titles. Each returns the answer text or raises a tape
signal (`NeedTool` for the next call, `Finish` for an early answer)."""

from typing import Any

from movie_analyst.adapters.offline_analyst import facts
from movie_analyst.adapters.offline_analyst.intent import Intent
from movie_analyst.adapters.offline_analyst.phrasing import (
    film,
    join,
    money,
    norm,
    person,
)
from movie_analyst.adapters.offline_analyst.resolve import (
    Resolved,
    resembles,
    resolve_person,
    resolve_title,
)
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

_ASPECTS = {
    "runtime": facts.runtime,
    "certification": facts.certification,
    "box_office": facts.box_office,
    "awards": facts.awards,
    "year": facts.year,
    "genres": facts.genres,
    "scores": facts.scores,
    "plot": facts.plot,
    "all": facts.summary,
}


def details_of(tape: Tape, found: Resolved) -> dict[str, Any]:
    item = found.item
    observed = tape.call(
        "get_details",
        {"kind": item.get("kind", "movie"), "id": item["id"]},
        f"I found {item.get('title')} (id {item['id']}); now I need its details.",
    )
    if "error" in observed:
        raise Finish(f"I found {film(item)} but couldn't load its details: {observed['error']}")
    return observed


def with_note(text: str, found: Resolved) -> str:
    return f"{text}\n\n{found.note}" if found.note else text


def details(tape: Tape, intent: Intent) -> str:
    found = resolve_title(tape, intent.title)
    return with_note(_ASPECTS[intent.aspect](details_of(tape, found)), found)


def director(tape: Tape, intent: Intent) -> str:
    found = resolve_title(tape, intent.title)
    return with_note(facts.directors(details_of(tape, found)), found)


def writers(tape: Tape, intent: Intent) -> str:
    found = resolve_title(tape, intent.title)
    d = details_of(tape, found)
    people = facts.people_of(d, "writers")
    if not people:
        return with_note(f"The catalog lists no writers for {film(d)}.", found)
    return with_note(f"{film(d)} was written by {join([person(n) for n in people])}.", found)


def cast(tape: Tape, intent: Intent) -> str:
    found = resolve_title(tape, intent.title)
    d = details_of(tape, found)
    people = facts.people_of(d, "cast")
    if not people:
        return with_note(f"The catalog lists no cast for {film(d)}.", found)
    order = " (best-known first; the catalog does not know the billing order)"
    order = order if "billing order unknown" in str(d.get("cast_order", "")) else ""
    text = f"The cast of {film(d)} includes {join([person(n) for n in people])}{order}."
    return with_note(text, found)


def is_in(tape: Tape, intent: Intent, job: str = "") -> str:
    found = resolve_title(tape, intent.title)
    d = details_of(tape, found)
    keys = ("directors",) if job else ("cast", "directors", "writers")
    for key in keys:
        match = _named(facts.people_of(d, key), intent.person)
        if match:
            role = {"cast": "in the cast of", "directors": "the director of"}.get(
                key, "a writer of"
            )
            return with_note(f"Yes: {person(match)} is {role} {film(d)}.", found)
    if not job:
        loose = found.note.startswith("I found no exact match")
        credited = _in_filmography(tape, intent.person, d, intent.title if loose else "")
        if credited:
            name, item = credited
            return f"Yes: {person(name)} is credited on {film(item)}."
    listed = join([person(n) for n in facts.people_of(d, "directors" if job else "cast")])
    what = "has it directed by" if job else "lists"
    text = f"No, I found no {job or 'credit'} for “{intent.person}” on {film(d)}."
    return with_note(f"{text} The catalog {what} {listed or 'no one'}.", found)


def directed_check(tape: Tape, intent: Intent) -> str:
    return is_in(tape, intent, job="directing credit")


def _named(people: list[str], wanted: str) -> str:
    target = set(norm(wanted).split())
    for name in people:
        if target and target <= set(norm(name).split()):
            return name
    return ""


def _in_filmography(
    tape: Tape, name: str, d: dict[str, Any], loose_title: str
) -> tuple[str, dict[str, Any]] | None:
    """Top-cast lists are capped, so a missing name is checked against the person's credits:
    that very film, or (when the title only loosely matched) any credit with that title."""
    who = resolve_person(tape, name)
    args: dict[str, Any] = {"kind": d.get("kind", "movie"), "with_people": [who["name"]]}
    if not loose_title:
        args |= {"year_from": d.get("year"), "year_to": d.get("year")}
    thought = f"{who['name']} is not in the top-cast list; I check their credits."
    found = tape.call("discover", args, thought)
    for item in found.get("results", []):
        if not isinstance(item, dict):
            continue
        if item.get("id") == d.get("id") or (
            loose_title and resembles(loose_title, str(item.get("title", "")))
        ):
            return str(who["name"]), item
    return None


def compare(tape: Tape, intent: Intent) -> str:
    first, second = resolve_title(tape, intent.title), resolve_title(tape, intent.title2)
    a, b = details_of(tape, first), details_of(tape, second)
    lines = [f"Comparing {film(a)} and {film(b)}:"]
    for label, key in (("Directed by", "directors"), ("Runtime", "runtime"),
                       ("Rating", "vote_average"), ("Box office", "revenue")):  # fmt: skip
        lines.append(f"- {label}: {_value(a, key)} vs {_value(b, key)}")
    for label, parts in (("Scores", facts.score_parts), ("Awards", _awards)):
        left, right = join(parts(a)) or "none listed", join(parts(b)) or "none listed"
        lines.append(f"- {label}: {left} vs {right}")
    ra, rb = a.get("vote_average"), b.get("vote_average")
    if isinstance(ra, int | float) and isinstance(rb, int | float) and ra != rb:
        better = a if ra > rb else b
        lines.append(f"By average rating, {film(better)} comes out ahead.")
    notes = " ".join(n for n in (first.note, second.note) if n)
    return "\n".join(lines) + (f"\n\n{notes}" if notes else "")


def _awards(d: dict[str, Any]) -> list[str]:
    return [str(a).rstrip(".") for a in d.get("awards", []) if a]


def _value(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if key == "directors":
        return join(facts.people_of(d, key)) or "unknown"
    if value in (None, "", 0):
        return "unknown"
    if key == "runtime":
        return f"{value} min"
    if key == "revenue":
        return money(float(value))
    return f"{value}/10" if key == "vote_average" else str(value)
