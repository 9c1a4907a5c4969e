"""Copy a SQLite chat database into PostgreSQL: every session, message (with its feedback and
tool steps) and run, keeping their ids.

One transaction on the target: rows go through COPY into temporary tables, then in with
`ON CONFLICT DO NOTHING`, so re-running adds nothing. Before committing, every source row must
be found in the target as it was (same id, same session, same content): a target that already
holds other conversations under the same ids is refused, with nothing written.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import msgspec
import psycopg

from movie_analyst.adapters.postgres.search import words
from movie_analyst.adapters.postgres.text import store_optional, store_text
from movie_analyst.application.errors import InvalidRequest, StorageError

BATCH = 5000  # source rows read per fetch

_STAGING = """
CREATE TEMP TABLE copy_sessions (ord bigint, id text, title text, words text[],
    created_at timestamptz, updated_at timestamptz, metadata text) ON COMMIT DROP;
CREATE TEMP TABLE copy_messages (ord bigint, id bigint, session_id text, role text, content text,
    words text[], created_at timestamptz, run_id text, stopped boolean, feedback text,
    tokens integer, steps text) ON COMMIT DROP;
CREATE TEMP TABLE copy_runs (ord bigint, id text, session_id text, status text, model text,
    user_message_id bigint, created_at timestamptz, started_at timestamptz,
    finished_at timestamptz, error text, answer_message_id bigint, pending_message text,
    exclusive boolean) ON COMMIT DROP;
"""
_SOURCES: dict[str, str] = {
    "sessions": "SELECT id, title, created_at, updated_at, metadata FROM sessions ORDER BY rowid",
    "messages": "SELECT id, session_id, role, content, created_at, run_id, stopped, feedback, "
    "tokens, steps FROM messages ORDER BY id",
    "runs": "SELECT id, session_id, status, model, user_message_id, created_at, started_at, "
    "finished_at, error, answer_message_id, pending_message, exclusive FROM runs ORDER BY rowid",
}
_MERGE: dict[str, str] = {
    "sessions": "INSERT INTO sessions (id, title, title_words, created_at, updated_at, metadata) "
    "SELECT id, title, array_to_tsvector(words), created_at, updated_at, metadata "
    "FROM copy_sessions ORDER BY ord ON CONFLICT (id) DO NOTHING",
    # The per-row trigger is off for this transaction: each session is brought up to date once.
    "messages": "WITH added AS (INSERT INTO messages (id, session_id, role, content, words, "
    "created_at, run_id, stopped, feedback, tokens, steps) SELECT id, session_id, role, content, "
    "array_to_tsvector(words), created_at, run_id, stopped, feedback, tokens, steps "
    "FROM copy_messages ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING session_id, created_at), "
    "per_session AS (SELECT session_id, count(*) AS n, max(created_at) AS last FROM added "
    "GROUP BY session_id), touched AS (UPDATE sessions s SET message_count = message_count + p.n, "
    "updated_at = greatest(s.updated_at, p.last) FROM per_session p WHERE s.id = p.session_id) "
    "SELECT coalesce(sum(n), 0) FROM per_session",
    "runs": "INSERT INTO runs (id, session_id, status, model, user_message_id, created_at, "
    "started_at, finished_at, error, answer_message_id, pending_message, exclusive) "
    "SELECT id, session_id, status, model, user_message_id, created_at, started_at, finished_at, "
    "error, answer_message_id, pending_message, exclusive FROM copy_runs ORDER BY ord "
    "ON CONFLICT (id) DO NOTHING",
}
_FOUND: dict[str, str] = {
    "sessions": "SELECT count(*) FROM sessions t JOIN copy_sessions s USING (id)",
    "messages": "SELECT count(*) FROM messages t JOIN copy_messages s ON t.id = s.id "
    "AND t.session_id = s.session_id AND t.content = s.content",
    "runs": "SELECT count(*) FROM runs t JOIN copy_runs s ON t.id = s.id "
    "AND t.session_id = s.session_id",
}
_BUMP_IDS = (
    "SELECT setval(pg_get_serial_sequence('messages', 'id'), "
    "greatest((SELECT max(id) FROM messages), 1))"
)


class CopyReport(msgspec.Struct, frozen=True, kw_only=True):
    """Per table: rows in the source, and how many of them this run added to the target."""

    source: dict[str, int]
    added: dict[str, int]


def copy_sqlite_to_postgres(sqlite_path: str, postgres_url: str) -> CopyReport:
    """The target must be migrated already (PostgresChatRepository.start does it)."""
    try:
        source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open {sqlite_path}: {exc}") from exc
    try:
        with closing(source), psycopg.connect(postgres_url) as target:
            return _copy(source, target)
    except sqlite3.Error as exc:
        raise StorageError(f"reading {sqlite_path} failed: {exc}") from exc
    except psycopg.Error as exc:
        raise StorageError(f"writing to PostgreSQL failed: {exc}") from exc


def _copy(source: sqlite3.Connection, target: psycopg.Connection[Any]) -> CopyReport:
    counts: dict[str, int] = {}
    added: dict[str, int] = {}
    with target.transaction(), target.cursor() as cursor:
        cursor.execute(_STAGING)
        cursor.execute("SET LOCAL movie_analyst.bulk_load = 'on'")
        for table in ("sessions", "messages", "runs"):
            counts[table] = _stage(source, cursor, table)
            cursor.execute(_MERGE[table].encode())
            summed = cursor.fetchone() if cursor.description else None
            added[table] = int(summed[0]) if summed else max(cursor.rowcount, 0)
            found = cursor.execute(_FOUND[table].encode()).fetchone()
            if found is None or found[0] != counts[table]:
                raise InvalidRequest(
                    f"{table}: {counts[table]} in the source but only "
                    f"{found[0] if found else 0} found intact in the target, which holds other "
                    "conversations under the same ids; copy into an empty database. "
                    "Nothing was written."
                )
        cursor.execute(_BUMP_IDS)
    return CopyReport(source=counts, added=added)


def _stage(source: sqlite3.Connection, cursor: psycopg.Cursor[Any], table: str) -> int:
    copied = 0
    with cursor.copy(f"COPY copy_{table} FROM STDIN".encode()) as copy:
        for row in _rows(source, table):
            copied += 1
            copy.write_row((copied, *row))  # `ord` keeps the source's insertion order
    return copied


def _rows(source: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    shape = _SHAPES[table]
    rows = source.execute(_SOURCES[table])
    while batch := rows.fetchmany(BATCH):
        yield from (shape(row) for row in batch)


def _session(r: tuple[Any, ...]) -> tuple[Any, ...]:
    return (r[0], store_text(r[1]), words(r[1]), r[2], r[3], r[4])


def _message(r: tuple[Any, ...]) -> tuple[Any, ...]:
    return (r[0], r[1], r[2], store_text(r[3]), words(r[3]), r[4], r[5], bool(r[6]), *r[7:])


def _run(r: tuple[Any, ...]) -> tuple[Any, ...]:
    text = store_optional
    return (*r[:3], store_text(r[3]), *r[4:8], text(r[8]), r[9], text(r[10]), bool(r[11]))


_SHAPES = {"sessions": _session, "messages": _message, "runs": _run}
