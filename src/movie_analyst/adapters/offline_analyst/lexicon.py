"""The catalog's own names, for finding titles and people inside free text.

Read once from the offline catalog file (titles with their years and review counts, people with
their credit counts). It only says *where* a name is written; what it refers to is still decided
by the search tools, so the answer's steps stay honest. Without the file the lexicon is empty and
the parser falls back to the words it could not explain.
"""

import logging
import sqlite3
from collections import Counter
from functools import lru_cache
from pathlib import Path

import msgspec

from movie_analyst.adapters.offline_catalog.text import fold
from movie_analyst.adapters.offline_media_catalog import default_catalog_path

logger = logging.getLogger(__name__)
MAX_WORDS = 10
SURNAME_FAME = 0.2  # 10 credits
COMMON_IN_TITLES = 3


class Name(msgspec.Struct, frozen=True, kw_only=True):
    kind: str  # "title" | "person"
    text: str  # as the catalog spells it
    fame: float  # 0-1: review count of the best-known title, credits of a person
    years: tuple[int, ...] = ()


class Lexicon:
    def __init__(self, titles: dict[str, Name], people: dict[str, Name]) -> None:
        self.titles = titles
        self.people = people
        self.surnames = _surnames(people, titles)

    def lookup(self, folded: str) -> list[Name]:
        """Titles and people written exactly so (folded), then a famous surname ("hitchcock")."""
        found = [self.titles.get(folded), self.people.get(folded)]
        if " " not in folded and folded not in self.people:
            found.append(self.surnames.get(folded))
        return [n for n in found if n is not None]


def from_names(titles: list[tuple[str, int | None, int]], people: list[tuple[str, int]]) -> Lexicon:
    """A lexicon from (title, year, review count) and (name, credit count) pairs."""
    found: dict[str, Name] = {}
    for title, year, votes in sorted(titles, key=lambda t: -t[2]):
        key = fold(title)
        known = found.get(key)
        years = (*(known.years if known else ()), *((year,) if year else ()))
        fame = known.fame if known else min(1.0, votes / 300)
        found[key] = Name(kind="title", text=known.text if known else title, fame=fame,
                          years=years)  # fmt: skip
    named = {fold(n): Name(kind="person", text=n, fame=min(1.0, c / 50)) for n, c in people}
    return Lexicon(found, named)


def load(path: str | None = None) -> Lexicon:
    return _load(path or default_catalog_path())


@lru_cache(maxsize=2)
def _load(path: str) -> Lexicon:
    if not Path(path).is_file():
        return Lexicon({}, {})
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return Lexicon(_titles(conn), _people(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        logger.warning("offline analyst: could not read names from %s", path, exc_info=True)
        return Lexicon({}, {})


def _titles(conn: sqlite3.Connection) -> dict[str, Name]:
    sql = "SELECT folded_title, title, year, vote_count FROM films ORDER BY vote_count DESC"
    found: dict[str, Name] = {}
    years: dict[str, list[int]] = {}
    for key, title, year, votes in conn.execute(sql):
        if key not in found:
            found[key] = Name(kind="title", text=title, fame=min(1.0, (votes or 0) / 300))
            years[key] = []
        if year:
            years[key].append(year)
    return {k: msgspec.structs.replace(n, years=tuple(years[k])) if years[k] else n
            for k, n in found.items() if len(k.split()) <= MAX_WORDS}  # fmt: skip


def _surnames(people: dict[str, Name], titles: dict[str, Name]) -> dict[str, Name]:
    """The best-known person (>= 10 credits) for each last name: "Hitchcock", "Kubrick".
    A last name that is also a common word in titles ("Short", "King") is left out."""
    common = Counter(w for key in titles for w in set(key.split()))
    found: dict[str, Name] = {}
    for key, name in people.items():  # best-known first
        last = key.rsplit(" ", 1)[-1]
        if name.fame < SURNAME_FAME or len(last) < 4 or last == key or last in found:
            continue
        if common[last] < COMMON_IN_TITLES:
            found[last] = msgspec.structs.replace(name, fame=name.fame / 2)
    return found


def _people(conn: sqlite3.Connection) -> dict[str, Name]:
    sql = "SELECT folded_name, name, film_count FROM people WHERE film_count >= 2 " \
        "ORDER BY film_count DESC"  # fmt: skip
    found: dict[str, Name] = {}
    for key, name, count in conn.execute(sql):
        if key not in found:
            found[key] = Name(kind="person", text=name, fame=min(1.0, count / 50))
    return found
