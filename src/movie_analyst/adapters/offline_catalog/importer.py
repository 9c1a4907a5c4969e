"""Build our own catalog database from the bundled film table, once.

The import writes a temporary file and renames it into place, so a reader never sees a half-built
catalog and an interrupted import leaves nothing behind. `meta` records the schema version and the
source digest; `needs_import` compares them to decide whether to import again.
"""

import asyncio
import os
import sqlite3
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec

from movie_analyst.adapters.offline_catalog.source import (
    LANGUAGES,
    SourceFilm,
    default_source,
    digest,
    read_films,
)
from movie_analyst.adapters.offline_catalog.text import fold

SCHEMA_VERSION = "4"
# Critics' reviews a film needs before its own average outweighs the catalog mean (top rated).
PRIOR_REVIEWS = 20
# A throwaway file being built: no journal, no fsync, a cache big enough to sort indexes in memory.
_PRAGMAS = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-131072;"
ROLES = (("director", "directors"), ("writer", "writers"), ("cast", "cast"))


class CatalogStats(msgspec.Struct, frozen=True, kw_only=True):
    path: str
    films: int
    people: int
    credits: int
    genres: int
    year_from: int | None
    year_to: int | None
    schema_version: str
    source_digest: str
    imported_at: str
    import_seconds: float


def vote_average(film: SourceFilm) -> float | None:
    """0-10: the Rotten Tomatoes critics' average when known (17,130 films), else Metacritic / 10,
    else the Tomatometer (% positive) / 10."""
    if film.rt_rating is not None:
        return film.rt_rating
    if film.metacritic is not None:
        return film.metacritic / 10
    return film.rt_meter / 10 if film.rt_meter is not None else None


def needs_import(target: Path, source: Path) -> bool:
    if not target.is_file():
        return True
    try:
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return True
    return meta.get("schema_version") != SCHEMA_VERSION or meta.get("source_digest") != digest(
        source
    )


def import_catalog_sync(source: Path, target: Path) -> CatalogStats:
    """Blocking: read `source`, write `target` atomically, return its stats."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp)
        try:
            _build(conn, read_films(source))
            _write_meta(conn, source, time.perf_counter() - started)
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return read_stats(target)


def read_stats(target: Path) -> CatalogStats:
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("films", "people", "credits", "genres")}  # fmt: skip
        low, high = conn.execute("SELECT min(year), max(year) FROM films").fetchone()
    return CatalogStats(
        path=str(target), films=count["films"], people=count["people"],
        credits=count["credits"], genres=count["genres"], year_from=low, year_to=high,
        schema_version=meta["schema_version"], source_digest=meta["source_digest"],
        imported_at=meta["imported_at"], import_seconds=float(meta["import_seconds"]),
    )  # fmt: skip


def _build(conn: sqlite3.Connection, films: list[SourceFilm]) -> None:
    conn.executescript(_PRAGMAS)
    conn.executescript(_sql("schema.sql"))
    people = _ids(name for f in films for _, attr in ROLES for name in getattr(f, attr))
    genres = _ids(g for f in films for g in f.genres)
    weighted = _weighted(films)
    rows = sorted(_row(f, weighted[f.id], _mask(f, genres)) for f in films)
    conn.executemany("INSERT INTO films VALUES (" + ",".join("?" * 24) + ")", rows)
    conn.executemany("INSERT INTO genres VALUES (?, ?)", [(i, g) for g, i in genres.items()])
    credits = _credits(films, people)
    counts = Counter(person for person, film in {(c[3], c[0]) for c in credits})
    conn.executemany(
        "INSERT INTO people VALUES (?, ?, ?, ?)",
        [(i, name, fold(name), counts[i]) for name, i in people.items()],
    )
    tagged = {(genres[g], weighted[f.id], f.id) for f in films for g in f.genres}
    in_key_order = sorted(tagged, key=_pk)
    conn.executemany("INSERT INTO film_genres VALUES (?, ?, ?)", in_key_order)
    conn.executemany("INSERT INTO credits VALUES (?, ?, ?, ?)", credits)
    conn.executescript(_sql("indexes.sql"))
    conn.executescript(_DERIVE)


def _pk(row: tuple[int, float | None, int]) -> tuple[int, int]:
    return row[0], row[2]


def _sql(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text()


def _weighted(films: list[SourceFilm]) -> dict[int, float | None]:
    """Bayesian average: (n * own average + PRIOR_REVIEWS * catalog mean) / (n + PRIOR_REVIEWS),
    so a 9.5 from 3 critics does not outrank an 8.9 from 200."""
    rated = [(f.id, vote_average(f), f.rt_reviews or 0) for f in films]
    known = [avg for _, avg, _ in rated if avg is not None]
    mean = sum(known) / len(known) if known else 0.0
    return {
        fid: None if avg is None else (n * avg + PRIOR_REVIEWS * mean) / (n + PRIOR_REVIEWS)
        for fid, avg, n in rated
    }


def _ids(names: object) -> dict[str, int]:
    """Stable ids: the sorted position of each distinct name (same source, same ids)."""
    distinct = sorted(set(names))  # type: ignore[call-overload]
    return {name: i for i, name in enumerate(distinct, start=1)}


def _row(f: SourceFilm, weighted: float | None, mask: int) -> tuple[Any, ...]:
    language = next((LANGUAGES[x] for x in f.languages[:1] if x in LANGUAGES), None)
    return (
        f.id, f.imdb_id, f.title, fold(f.title), f.year, f.released, f.runtime, f.certification,
        language, ", ".join(f.languages) or None, ", ".join(f.countries) or None,
        ", ".join(f.genres), mask, f.rt_rating, f.rt_meter, f.rt_reviews, f.metacritic,
        vote_average(f), f.rt_reviews, weighted, f.oscars,
        "; ".join(f.awards) or None, f.box_office, f.production,
    )  # fmt: skip


def _mask(film: SourceFilm, genres: dict[str, int]) -> int:
    return sum({1 << genres[g] for g in film.genres})


def _credits(films: list[SourceFilm], people: dict[str, int]) -> list[tuple[int, str, int, int]]:
    return [
        (f.id, role, position, people[name])
        for f in films
        for role, attr in ROLES
        for position, name in enumerate(getattr(f, attr))
    ]


_DERIVE = """
INSERT INTO films_fts (films_fts) VALUES ('rebuild');
INSERT INTO films_tri (films_tri) VALUES ('rebuild');
INSERT INTO people_fts (people_fts) VALUES ('rebuild');
INSERT INTO people_tri (people_tri) VALUES ('rebuild');
CREATE VIRTUAL TABLE temp.films_grams USING fts5vocab(main, films_tri, row);
CREATE VIRTUAL TABLE temp.people_grams USING fts5vocab(main, people_tri, row);
INSERT INTO grams SELECT 'films_tri', term, doc FROM temp.films_grams;
INSERT INTO grams SELECT 'people_tri', term, doc FROM temp.people_grams;
ANALYZE;
"""


def _write_meta(conn: sqlite3.Connection, source: Path, seconds: float) -> None:
    meta = {
        "schema_version": SCHEMA_VERSION,
        "source": str(source),
        "source_digest": digest(source),
        "imported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "import_seconds": f"{seconds:.3f}",
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


async def import_catalog(source: str | Path | None, target: str | Path) -> CatalogStats:
    """Import the bundled film table (default: bokeh-sampledata's) into `target`, replacing it."""
    origin = Path(source) if source else default_source()
    if origin is None:
        raise FileNotFoundError("bokeh-sampledata is not installed; no film table to import")
    return await asyncio.to_thread(import_catalog_sync, origin, Path(target))
