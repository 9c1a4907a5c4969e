"""Ranked lists of films: top rated, most reviewed, and discover's filters.

`popular` has no live popularity offline: it ranks by number of critics' reviews, the best proxy
the source holds. A list by rating is in the order of the `vote_average` it shows (ties: more
reviews first), so its numbers never read out of order; `top_rated` counts only films with at
least TOP_RATED_MIN_REVIEWS reviews, so a 10/10 from five critics does not top it.
"""

import sqlite3

from movie_analyst.adapters.offline_catalog.rows import ITEM_COLUMNS, PAGE_SIZE, item
from movie_analyst.adapters.offline_catalog.source import LANGUAGES
from movie_analyst.adapters.offline_catalog.text import fold
from movie_analyst.domain.media import DiscoverQuery, MediaItem

SORTS = {
    "popularity": "f.vote_count",
    "vote_average": "f.vote_average",
    "vote_count": "f.vote_count",
    "release_date": "f.released",
    "primary_release_date": "f.released",
    "revenue": "f.box_office",
    "runtime": "f.runtime",
    "title": "f.title",
    "oscars": "f.oscars",
}
TIES = {"f.vote_average": "f.vote_count DESC"}  # equal averages: the more reviewed first
TOP_RATED_MIN_REVIEWS = 40
GENRE_SYNONYMS = {
    "science fiction": "Sci-Fi", "scifi": "Sci-Fi", "sci fi": "Sci-Fi", "sf": "Sci-Fi",
    "biopic": "Biography", "biographical": "Biography", "animated": "Animation",
    "romantic": "Romance", "romcom": "Romance", "historical": "History", "sports": "Sport",
    "documentaries": "Documentary", "musical film": "Musical", "war film": "War",
    "suspense": "Thriller", "kids": "Family", "children": "Family",
}  # fmt: skip


def ranked(
    conn: sqlite3.Connection, order: str, page: int, min_reviews: int = 0
) -> tuple[list[MediaItem], int]:
    """All films by `order` (a trusted column, descending) with at least `min_reviews`, one
    page, with the total count."""
    where = f"{order} IS NOT NULL AND f.vote_count >= ?" if min_reviews else f"{order} IS NOT NULL"
    ties = ", ".join(t for t in (TIES.get(order), "f.id") if t)
    sql = (
        f"SELECT {ITEM_COLUMNS} FROM films f WHERE {where} "
        f"ORDER BY {order} DESC, {ties} LIMIT ? OFFSET ?"
    )
    floor = (min_reviews,) if min_reviews else ()
    rows = conn.execute(sql, (*floor, PAGE_SIZE, (page - 1) * PAGE_SIZE)).fetchall()
    total = conn.execute(f"SELECT count(*) FROM films f WHERE {where}", floor).fetchone()[0]
    return [item(r) for r in rows], int(total)


def discover(
    conn: sqlite3.Connection, q: DiscoverQuery, genre_ids: list[int], person_ids: list[int]
) -> tuple[list[MediaItem], int]:
    """Genres and people are resolved ids (every one must match)."""
    where, params = _filters(q)
    if genre_ids:
        mask = sum({1 << g for g in genre_ids})
        where.append("(f.genre_mask & ?) = ?")
        params += [mask, mask]
    for person in person_ids:
        where.append("f.id IN (SELECT film_id FROM credits WHERE person_id = ?)")
        params.append(person)
    field, _, direction = q.sort_by.partition(".")
    order = SORTS.get(field, SORTS["popularity"])
    # DESC already puts NULLs last; a plain ORDER BY lets SQLite walk an index and stop early.
    ordering = f"{order} ASC NULLS LAST" if direction == "asc" else f"{order} DESC"
    if order in TIES:
        ordering += f", {TIES[order]}"
    condition = " AND ".join(where) or "1"
    sql = (
        f"SELECT {ITEM_COLUMNS} FROM films f WHERE {condition} ORDER BY {ordering} LIMIT ? OFFSET ?"
    )
    offset = (q.page - 1) * PAGE_SIZE
    rows = conn.execute(sql, [*params, PAGE_SIZE, offset]).fetchall()
    if 0 < len(rows) < PAGE_SIZE or (not rows and q.page == 1):
        return [item(r) for r in rows], offset + len(rows)  # the last page: no need to count
    # Without a people filter, counting scans the narrow covering index instead of the table.
    hint = "" if person_ids else "INDEXED BY films_filter"
    count = f"SELECT count(*) FROM films f {hint} WHERE {condition}"
    return [item(r) for r in rows], int(conn.execute(count, params).fetchone()[0])


def _filters(q: DiscoverQuery) -> tuple[list[str], list[object]]:
    checks: list[tuple[str, object]] = [
        ("f.year >= ?", q.year_from),
        ("f.year <= ?", q.year_to),
        ("f.vote_average >= ?", q.min_rating),
        ("f.vote_count >= ?", q.min_votes),
        ("f.runtime >= ?", q.runtime_min),
        ("f.runtime <= ?", q.runtime_max),
        ("f.language = ?", _language(q.language) if q.language else None),
    ]
    used = [(sql, value) for sql, value in checks if value is not None]
    return [sql for sql, _ in used], [value for _, value in used]


def _language(value: str) -> str:
    """ "fr", "FR" or "French" -> "fr" (the source names languages; we store ISO 639-1)."""
    by_name = {fold(name): code for name, code in LANGUAGES.items()}
    return by_name.get(fold(value), value.strip().lower())


def genre_id(conn: sqlite3.Connection, name: str) -> int | None:
    """ "sci-fi", "Science Fiction", "thrillers" -> the id of the catalog's genre, or None."""
    known = {fold(str(n)): int(i) for i, n in conn.execute("SELECT id, name FROM genres")}
    wanted = fold(name)
    synonym = GENRE_SYNONYMS.get(wanted)
    for candidate in (wanted, wanted.removesuffix("s"), fold(synonym) if synonym else ""):
        if candidate in known:
            return known[candidate]
    return None


def person_id(conn: sqlite3.Connection, name: str) -> int | None:
    """The best-known person with exactly this (folded) name, else the best word match."""
    wanted = fold(name)
    row = conn.execute(
        "SELECT id FROM people WHERE folded_name = ? ORDER BY film_count DESC LIMIT 1", (wanted,)
    ).fetchone()
    if row is None and wanted:
        words = " ".join(f'"{w}"' for w in wanted.split())
        row = conn.execute(
            "SELECT p.id FROM people_fts JOIN people p ON p.id = people_fts.rowid "
            "WHERE people_fts MATCH ? ORDER BY p.film_count DESC LIMIT 1",
            (words,),
        ).fetchone()
    return int(row[0]) if row else None


def by_imdb_id(conn: sqlite3.Connection, imdb_id: str) -> list[MediaItem]:
    sql = f"SELECT {ITEM_COLUMNS} FROM films f WHERE f.imdb_id = ? ORDER BY f.id"
    return [item(r) for r in conn.execute(sql, (imdb_id.strip().lower(),))]


def genre_names(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return [(int(i), str(n)) for i, n in conn.execute("SELECT id, name FROM genres ORDER BY name")]
