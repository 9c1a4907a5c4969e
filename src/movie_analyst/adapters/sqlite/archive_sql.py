"""Import and full-text search for SqliteChatRepository (FTS5 tables from migration 2)."""

import re
from collections.abc import Sequence

import aiosqlite

from movie_analyst.adapters.sqlite.connection import translated_errors
from movie_analyst.adapters.sqlite.owners import mine
from movie_analyst.adapters.sqlite.rows import (
    SESSION_COLUMNS,
    SESSION_MARKS,
    session_params,
    time_text,
)
from movie_analyst.adapters.sqlite.writer import Writer
from movie_analyst.application.errors import InvalidRequest
from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.message import Role, estimate_tokens
from movie_analyst.domain.session import Session

# The same word boundaries as FTS5's unicode61 tokenizer: letters and digits, no underscore.
WORD = re.compile(r"[^\W_]+")

_INSERT_ARCHIVED = """
INSERT INTO messages (session_id, role, content, created_at, stopped, feedback, tokens)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""
_TITLE_HITS = """
SELECT s.id, s.title FROM sessions_fts f JOIN sessions s ON s.rowid = f.rowid
WHERE sessions_fts MATCH ? AND (? IS NULL OR s.owner = ?) ORDER BY f.rank LIMIT ?
"""
_MESSAGE_HITS = """
SELECT m.id, m.session_id, s.title, m.role, snippet(messages_fts, 0, '', '', '…', 24)
FROM messages_fts f JOIN messages m ON m.id = f.rowid JOIN sessions s ON s.id = m.session_id
WHERE messages_fts MATCH ? AND (? IS NULL OR s.owner = ?) ORDER BY f.rank LIMIT ?
"""


async def import_session(
    writer: Writer, session: Session, messages: Sequence[ArchivedMessage]
) -> int:
    rows = [
        (
            session.id,
            m.role.value,
            m.content,
            time_text(m.created_at),
            int(m.stopped),
            None if m.feedback is None else m.feedback.value,
            estimate_tokens(m.content),
        )
        for m in messages
    ]
    exists = InvalidRequest(f"session {session.id} already exists")
    with translated_errors(unique=exists):
        async with writer.transaction() as connection:
            sql = f"INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ({SESSION_MARKS})"
            await connection.execute_fetchall(sql, session_params(session))
            await connection.executemany(_INSERT_ARCHIVED, rows)
    return len(rows)


def match_expression(query: str) -> str | None:
    """Every word as a quoted prefix term, so no user text is read as FTS5 syntax."""
    words = WORD.findall(query)
    return " ".join(f'"{word}"*' for word in words) if words else None


async def search(
    reader: aiosqlite.Connection, query: str, limit: int, owner: str | None
) -> list[SearchHit]:
    expression = match_expression(query)
    if expression is None or limit <= 0:
        return []
    with translated_errors():
        params = (expression, *mine(owner), limit)
        titles = await reader.execute_fetchall(_TITLE_HITS, params)
        messages = await reader.execute_fetchall(_MESSAGE_HITS, params)
    hits = [SearchHit(session_id=row[0], title=row[1], snippet=row[1]) for row in titles]
    hits += [
        SearchHit(session_id=r[1], title=r[2], message_id=r[0], role=Role(r[3]), snippet=r[4])
        for r in messages
    ]
    return hits
