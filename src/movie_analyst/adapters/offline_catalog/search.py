"""Title and name search: accent-insensitive words with a prefix last word, then typo-tolerant.

Stage one takes the rows whose folded text equals the query, plus the most popular rows that
contain every word (`unicode61 remove_diacritics 2`; the last word as a prefix). Only when that
finds nothing does stage two ask the trigram index for rows sharing the query's rarest trigrams
and keep those whose folded text is close (difflib ratio): "Amelei" still finds "Amélie".
Hits are ranked by match quality (exact > starts with > contains > fuzzy), then popularity.
"""

import re
import sqlite3
from difflib import SequenceMatcher

import msgspec

from movie_analyst.adapters.offline_catalog.details import people_summaries
from movie_analyst.adapters.offline_catalog.rows import ITEM_COLUMNS, PAGE_SIZE, item
from movie_analyst.adapters.offline_catalog.text import fold, prefix_query, trigrams
from movie_analyst.domain.media import MediaItem, PersonSummary

CANDIDATES = 200
FUZZY_CANDIDATES = 60
RAREST_TRIGRAMS = 5
MIN_SIMILARITY = 0.6
CONVINCING = 0.85
_TRAILING_YEAR = re.compile(r"^(.*\S)\s+\(?((?:19|20)\d\d)\)?$")


class Hit(msgspec.Struct, frozen=True):
    quality: float  # 3 exact, 2 starts with, 1 contains, below 1 fuzzy similarity
    popularity: float  # 0-1 within its kind
    id: int
    row: tuple[object, ...] | None = None  # a film's ITEM_COLUMNS; people are resolved later

    @property
    def value(self) -> MediaItem | None:
        """The film, built when asked: of up to 400 ranked hits, a page of 20 is shown."""
        return item(self.row) if self.row is not None else None


class _Index(msgspec.Struct, frozen=True):
    """How to search one kind of row: its table, folded column, popularity and FTS tables."""

    select: str  # folded text, popularity, then what `to_hit` reads
    table: str
    folded: str
    popularity: str
    words: str
    grams: str


FILMS = _Index(
    select=f"f.folded_title, f.vote_count, {ITEM_COLUMNS}",
    table="films f",
    folded="f.folded_title",
    popularity="f.vote_count",
    words="films_fts",
    grams="films_tri",
)
PEOPLE = _Index(
    select="f.folded_name, f.film_count, f.id",
    table="people f",
    folded="f.folded_name",
    popularity="f.film_count",
    words="people_fts",
    grams="people_tri",
)


def search_hits(conn: sqlite3.Connection, text: str, kind: str, year: int | None) -> list[Hit]:
    """`kind` is "movie", "person" or "multi"; "Alien (1979)" searches "Alien" in 1979."""
    match = _TRAILING_YEAR.match(text.strip())
    if match and year is None and kind != "person":
        text, year = match.group(1), int(match.group(2))
    indexes = []
    if kind in ("movie", "multi"):
        indexes.append(FILMS)
    if kind == "person" or (kind == "multi" and year is None):
        indexes.append(PEOPLE)
    hits = [h for index in indexes for h in _words(conn, index, text, year)]
    for index in indexes if not hits else ():
        hits += _fuzzy(conn, index, text, year)
        if any(h.quality >= CONVINCING for h in hits):
            break  # a near-certain title match: spare the people index the costly lookup
    return sorted(hits, key=lambda h: (-h.quality, -h.popularity, h.id))


def search_page(
    conn: sqlite3.Connection, text: str, kind: str, year: int | None, page: int
) -> tuple[list[MediaItem | PersonSummary], int]:
    """One page of `search_hits` (films and people built for it alone), and the hit count."""
    hits = search_hits(conn, text, kind, year)
    chosen = hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    people = people_summaries(conn, [h.id for h in chosen if h.row is None])
    items = [h.value if h.row is not None else people.get(h.id) for h in chosen]
    return [i for i in items if i is not None], len(hits)


def _words(conn: sqlite3.Connection, ix: _Index, text: str, year: int | None) -> list[Hit]:
    wanted, query = fold(text), prefix_query(text)
    if query is None:
        return []
    year_sql, params = _year(ix, year)
    exact = f"SELECT {ix.select} FROM {ix.table} WHERE {ix.folded} = ?{year_sql}"
    matching = (
        f"SELECT {ix.select} FROM {ix.words} JOIN {ix.table} ON f.id = {ix.words}.rowid "
        f"WHERE {ix.words} MATCH ?{year_sql} ORDER BY {ix.popularity} DESC LIMIT ?"
    )
    rows = conn.execute(exact, [wanted, *params]).fetchall()
    rows += conn.execute(matching, [query, *params, CANDIDATES]).fetchall()
    unique = {int(str(r[2])): r for r in rows}  # the exact match may also match the words
    return [_hit(ix, _quality(wanted, str(r[0])), r) for r in unique.values()]


def _fuzzy(conn: sqlite3.Connection, ix: _Index, text: str, year: int | None) -> list[Hit]:
    wanted = fold(text)
    grams = _rarest(conn, ix, trigrams(wanted))
    if not grams:
        return []
    year_sql, params = _year(ix, year)
    sql = (
        f"SELECT {ix.select} FROM {ix.grams} JOIN {ix.table} ON f.id = {ix.grams}.rowid "
        f"WHERE {ix.grams} MATCH ?{year_sql} ORDER BY rank LIMIT ?"
    )
    query = " OR ".join(f'"{g}"' for g in grams)
    hits = []
    for row in conn.execute(sql, [query, *params, FUZZY_CANDIDATES]):
        score = SequenceMatcher(None, wanted, str(row[0])).ratio()
        if score >= MIN_SIMILARITY:
            hits.append(_hit(ix, score * 0.99, row))
    return hits


def _rarest(conn: sqlite3.Connection, ix: _Index, grams: list[str]) -> list[str]:
    """The query's trigrams the index knows, rarest first: rare ones are cheap and telling."""
    if not grams:
        return []
    marks = ",".join("?" * len(grams))
    sql = f"SELECT term FROM grams WHERE source = ? AND term IN ({marks}) ORDER BY docs LIMIT ?"
    return [str(t) for (t,) in conn.execute(sql, [ix.grams, *grams, RAREST_TRIGRAMS])]


def _year(ix: _Index, year: int | None) -> tuple[str, list[object]]:
    if year is None or ix is PEOPLE:
        return "", []
    return " AND f.year = ?", [year]


def _hit(ix: _Index, quality: float, row: tuple[object, ...]) -> Hit:
    if ix is PEOPLE:
        return Hit(quality, min(1.0, int(str(row[1])) / 50), int(str(row[2])))
    return Hit(quality, min(1.0, int(str(row[1] or 0)) / 300), int(str(row[2])), tuple(row[2:]))


def _quality(wanted: str, folded: str) -> float:
    if folded == wanted:
        return 3.0
    return 2.0 if folded.startswith(wanted) else 1.0
