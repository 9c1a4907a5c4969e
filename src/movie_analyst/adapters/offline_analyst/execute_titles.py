"""Answers about named titles: their facts (several at once), who is in them, how they compare."""

from typing import Any

from movie_analyst.adapters.offline_analyst import entities, facts
from movie_analyst.adapters.offline_analyst.entities import Outcome
from movie_analyst.adapters.offline_analyst.phrasing import (
    film,
    join,
    money,
    norm,
    norm_title,
    person,
)
from movie_analyst.adapters.offline_analyst.plans_titles import details_of, in_filmography
from movie_analyst.adapters.offline_analyst.query import Query
from movie_analyst.adapters.offline_analyst.resolve import Resolved
from movie_analyst.adapters.offline_analyst.tape import Tape

Item = dict[str, Any]


def _writers(d: Item) -> str:
    found = facts.people_of(d, "writers")
    if not found:
        return f"The catalog lists no writers for {film(d)}."
    return f"{film(d)} was written by {join([person(n) for n in found])}."


def _cast(d: Item) -> str:
    found = facts.people_of(d, "cast")
    if not found:
        return f"The catalog lists no cast for {film(d)}."
    unbilled = "billing order unknown" in str(d.get("cast_order", ""))
    order = " (best-known first; the catalog does not know the billing order)" if unbilled else ""
    return f"The cast of {film(d)} includes {join([person(n) for n in found])}{order}."


FIELD_TEXT = {
    "summary": facts.summary, "director": facts.directors, "writers": _writers, "cast": _cast,
    "runtime": facts.runtime, "certification": facts.certification,
    "box_office": facts.box_office, "awards": facts.awards, "released": facts.year,
    "genres": facts.genres, "scores": facts.scores, "plot": facts.plot,
}  # fmt: skip
_PEOPLE_OF = {"director": "directors", "writers": "writers", "cast": "cast"}


def with_notes(text: str, found: list[Resolved]) -> str:
    notes = " ".join(dict.fromkeys(f.note for f in found if f.note))
    return f"{text}\n\n{notes}" if notes else text


def details(tape: Tape, q: Query, earlier: Outcome | None) -> Outcome:
    found = entities.titles(tape, q.titles[:3], earlier)
    observed = [details_of(tape, f) for f in found]
    parts = [" ".join(FIELD_TEXT[field](d) for field in q.fields) for d in observed]
    people = [p for d in observed for field in q.fields for p in _people(d, field)]
    people += [p for d in observed for p in _people(d, "director")]
    return Outcome(text=with_notes("\n\n".join(parts), found), films=observed, people=people)


_ROLE_OF = {"director": "director", "writers": "writer", "cast": "cast"}


def _people(d: Item, field: str) -> list[Item]:
    listed = d.get(_PEOPLE_OF.get(field, ""), [])
    role = _ROLE_OF.get(field, "any")
    return [p | {"role": role} for p in listed if isinstance(p, dict) and "id" in p]


def membership(tape: Tape, q: Query, earlier: Outcome | None) -> Outcome:
    found = entities.title(tape, q.titles[0], earlier)
    d = details_of(tape, found)
    ref = q.people[0]
    wanted = ref.name or str(entities.person(tape, ref, earlier).get("name", ""))
    directing = ref.role == "director" or "director" in q.fields
    keys = ("directors",) if directing else ("cast", "directors", "writers")
    for key in keys:
        match = _named(facts.people_of(d, key), wanted)
        if match:
            role = _AS.get(key, "a writer of")
            return Outcome(text=with_notes(f"Yes: {person(match)} is {role} {film(d)}.", [found]),
                           films=[d], people=_people(d, "director"))  # fmt: skip
    if not directing:
        loose = (
            ""
            if norm_title(str(d.get("title", ""))) == norm_title(q.titles[0].text)
            else (q.titles[0].text)
        )  # a loose match: any credit with that title counts
        credited = in_filmography(tape, wanted, d, loose)
        if credited:
            text = f"Yes: {person(credited[0])} is credited on {film(credited[1])}."
            return Outcome(text=text, films=[credited[1]])
    listed = join([person(n) for n in facts.people_of(d, "directors" if directing else "cast")])
    what = "has it directed by" if directing else "lists"
    job = "directing credit" if directing else "credit"
    text = f"No, I found no {job} for “{wanted}” on {film(d)}. The catalog {what} {listed}."
    return Outcome(text=with_notes(text, [found]), films=[d])


_AS = {"cast": "in the cast of", "directors": "the director of"}


def _named(people: list[str], wanted: str) -> str:
    target = set(norm(wanted).split())
    for name in people:
        if target and target <= set(norm(name).split()):
            return name
    return ""


_VERDICT = {"runtime": ("runtime", "is longer", "is shorter", "min"),
            "year": ("year", "is newer", "is older", ""),
            "box_office": ("revenue", "made more at the box office", "made less", "")}  # fmt: skip


def compare(tape: Tape, q: Query, earlier: Outcome | None) -> Outcome:
    found = entities.titles(tape, q.titles[:2], earlier)
    if len(found) < 2:
        return details(tape, q, earlier)
    a, b = details_of(tape, found[0]), details_of(tape, found[1])
    lines = [f"Comparing {film(a)} and {film(b)}:"]
    for label, key in (("Directed by", "directors"), ("Released", "year"), ("Runtime", "runtime"),
                       ("Rating", "vote_average"), ("Box office", "revenue")):  # fmt: skip
        lines.append(f"- {label}: {_value(a, key)} vs {_value(b, key)}")
    for label, parts in (("Scores", facts.score_parts), ("Awards", _awards)):
        lines.append(f"- {label}: {join(parts(a)) or 'none listed'} vs "
                     f"{join(parts(b)) or 'none listed'}")  # fmt: skip
    lines.append("\n" + _verdict(a, b, q))  # its own paragraph, not part of the last bullet
    return Outcome(text=with_notes("\n".join(line for line in lines if line), found), films=[a, b])


def _verdict(a: Item, b: Item, q: Query) -> str:
    key, more, less, _ = _VERDICT.get(q.metric, ("vote_average", "comes out ahead", "", ""))
    x, y = a.get(key), b.get(key)
    if not isinstance(x, int | float) or not isinstance(y, int | float) or x == y:
        return f"The catalog cannot tell them apart by {key.replace('_', ' ')}."
    high, low = (a, b) if x > y else (b, a)
    if q.ascending and less:
        return f"{film(low)} {less} ({_value(low, key)} vs {_value(high, key)})."
    by = "" if key != "vote_average" else "By critics' average rating, "
    return f"{by}{film(high)} {more} ({_value(high, key)} vs {_value(low, key)})."


def _awards(d: Item) -> list[str]:
    return [str(a).rstrip(".") for a in d.get("awards", []) if a]


def _value(d: Item, key: str) -> str:
    value = d.get(key)
    if key == "directors":
        return join(facts.people_of(d, key)) or "unknown"
    if value in (None, "", 0):
        return "unknown"
    if key == "runtime":
        return f"{value} min"
    if key == "revenue":
        return money(float(value))
    return f"critics {value}/10" if key == "vote_average" else str(value)
