"""Session inserts, import and full-text search for PostgresChatRepository."""

from collections.abc import Sequence

from psycopg import AsyncConnection
from psycopg import errors as pg_errors

from movie_analyst.adapters.postgres.connection import Pool, translated_errors
from movie_analyst.adapters.postgres.rows import SESSION_COLUMNS, session_params, utc
from movie_analyst.adapters.postgres.search import snippet, ts_query, words
from movie_analyst.adapters.postgres.text import load_text, store_text
from movie_analyst.application.errors import InvalidRequest
from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.message import Role, estimate_tokens
from movie_analyst.domain.session import Session

_INSERT_SESSION = f"""
INSERT INTO sessions ({SESSION_COLUMNS}, title_words)
VALUES (%s, %s, %s, %s, %s, %s, array_to_tsvector(%s::text[]))
"""
_INSERT_ARCHIVED = """
INSERT INTO messages (session_id, role, content, words, created_at, stopped, feedback, tokens)
VALUES (%s, %s, %s, array_to_tsvector(%s::text[]), %s, %s, %s, %s)
"""
_TITLE_HITS = """
SELECT id, title FROM sessions WHERE title_words @@ %(q)s::tsquery
    AND (%(owner)s::text IS NULL OR owner = %(owner)s::text)
ORDER BY ts_rank(title_words, %(q)s::tsquery) DESC, seq LIMIT %(limit)s
"""
_MESSAGE_HITS = """
SELECT m.id, m.session_id, s.title, m.role, m.content
FROM messages m JOIN sessions s ON s.id = m.session_id
WHERE m.words @@ %(q)s::tsquery AND (%(owner)s::text IS NULL OR s.owner = %(owner)s::text)
ORDER BY ts_rank(m.words, %(q)s::tsquery) DESC, m.id LIMIT %(limit)s
"""


async def insert_session(pool: Pool, session: Session) -> None:
    try:
        with translated_errors():
            async with pool.connection() as connection:
                await _insert_session(connection, session)
    except Exception as exc:
        _raise_if_taken(exc, session)
        raise


async def _insert_session(connection: AsyncConnection, session: Session) -> None:
    await connection.execute(_INSERT_SESSION, (*session_params(session), words(session.title)))


def _raise_if_taken(exc: Exception, session: Session) -> None:
    if isinstance(exc.__cause__, pg_errors.UniqueViolation):
        raise InvalidRequest(f"session {session.id} already exists") from exc


async def import_session(pool: Pool, session: Session, messages: Sequence[ArchivedMessage]) -> int:
    rows = [
        (
            session.id,
            m.role.value,
            store_text(m.content),
            words(m.content),
            utc(m.created_at),
            m.stopped,
            None if m.feedback is None else m.feedback.value,
            estimate_tokens(m.content),
        )
        for m in messages
    ]
    try:
        with translated_errors():
            async with pool.connection() as connection, connection.transaction():
                await _insert_session(connection, session)
                async with connection.cursor() as cursor:
                    await cursor.executemany(_INSERT_ARCHIVED, rows)
    except Exception as exc:
        _raise_if_taken(exc, session)
        raise
    return len(rows)


async def search(pool: Pool, query: str, limit: int, owner: str | None) -> list[SearchHit]:
    expression = ts_query(query)
    if expression is None or limit <= 0:
        return []
    params = {"q": expression, "limit": limit, "owner": owner}
    with translated_errors():
        async with pool.connection() as connection:
            titles = await (await connection.execute(_TITLE_HITS, params)).fetchall()
            found = await (await connection.execute(_MESSAGE_HITS, params)).fetchall()
    hits = [
        SearchHit(session_id=r[0], title=load_text(r[1]), snippet=load_text(r[1])) for r in titles
    ]
    for message_id, session_id, title, role, content in found:
        hits.append(
            SearchHit(
                session_id=session_id,
                title=load_text(title),
                message_id=message_id,
                role=Role(role),
                snippet=snippet(load_text(content), query),
            )
        )
    return hits
