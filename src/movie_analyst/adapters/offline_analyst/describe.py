"""How an answer says what it understood: "Comedies from 1990–1999 with **Jim Carrey**, by
critics' average score", and which constraints it could not apply."""

from typing import Any

from movie_analyst.adapters.offline_analyst.genres import catalog_genre
from movie_analyst.adapters.offline_analyst.phrasing import join, person
from movie_analyst.adapters.offline_analyst.query import Query

_PLURALS = {"Comedy": "comedies", "Drama": "dramas", "Thriller": "thrillers",
            "Western": "westerns", "Documentary": "documentaries", "Romance": "romances",
            "Musical": "musicals", "Mystery": "mysteries", "Animation": "animated films",
            "Biography": "biopics"}  # fmt: skip
_ORDER = {("critics", False): "by critics' average score", ("critics", True): "worst first",
          ("runtime", False): "longest first", ("runtime", True): "shortest first",
          ("year", False): "newest first", ("year", True): "oldest first",
          ("box_office", False): "by box office", ("popularity", False): "best-known first",
          ("oscars", False): "by Oscars won"}  # fmt: skip
_LANGUAGE_NAMES = {"fr": "French", "it": "Italian", "ja": "Japanese", "de": "German",
                   "es": "Spanish", "ko": "Korean", "zh": "Chinese", "hi": "Hindi",
                   "sv": "Swedish", "da": "Danish", "ru": "Russian",
                   "pt": "Portuguese"}  # fmt: skip
_ROLE = {"director": "directed by", "writer": "written by", "cast": "with", "any": "with"}


def period(q: Query) -> str:
    start, end = q.year_from, q.year_to
    if start is not None and end is not None:
        return f"from {start}" if start == end else f"from {start}–{end}"
    if start is not None:
        return f"from {start} on"
    return f"up to {end}" if end is not None else ""


def kind_words(q: Query, genres: list[str]) -> str:
    named = [catalog_genre(g, genres) for g in q.genres]
    if len(named) == 1:
        return _PLURALS.get(named[0], f"{named[0].lower()} films").capitalize()
    return f"{'/'.join(n.lower() for n in named)} films".capitalize() if named else "Films"


def heading(q: Query, people: list[dict[str, Any]], genres: list[str], counting: bool = False
            ) -> str:  # fmt: skip
    parts = [kind_words(q, genres)]
    by_role: dict[str, list[str]] = {}
    for index, who in enumerate(people):
        ref = q.people[index] if index < len(q.people) else None
        role = str(who.get("role") or (ref.role if ref else "any"))
        by_role.setdefault(_ROLE.get(role, "with"), []).append(person(str(who.get("name"))))
    parts += [f"{words} {join(names)}" for words, names in by_role.items()]
    if q.language:
        parts.append(f"in {_LANGUAGE_NAMES.get(q.language, q.language)}")
    parts.append(period(q))
    if q.min_reviews:
        parts.append(f"with at least {q.min_reviews} critics' reviews")
    if q.min_rating:
        parts.append(f"rated at least {q.min_rating:g}/10")
    if q.runtime_min:
        parts.append(f"at least {q.runtime_min} minutes long")
    if q.runtime_max:
        parts.append(f"at most {q.runtime_max} minutes long")
    text = " ".join(p for p in parts if p)
    if counting:
        return text
    order = _ORDER.get((q.metric, q.ascending), "")
    if not order:
        order = "the best-known, in release order" if q.period else "best-known first"
    return f"{text}, {order}"


def unapplied(q: Query) -> str:
    """The constraints understood but not applied, named so none is dropped silently."""
    notes = []
    if q.certification:
        notes.append(f"the age certification ({q.certification}): the catalog's tools cannot "
                     "filter by it")  # fmt: skip
    if q.kind == "tv":
        notes.append("TV shows: these lists cover films")
    if q.unused:
        notes.append(f"“{q.unused}”: the catalog's tools have no filter for topics or places")
    if not notes:
        return ""
    return "\n\nNot applied: " + "; ".join(notes) + "."

