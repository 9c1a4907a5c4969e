"""PostgresChatRepository: the ChatRepository port on a PostgreSQL server (psycopg 3, no ORM).

A pool of autocommit connections: a single statement is its own transaction, and the writes
a use case needs together (import, admitting a run with its message) share one. Triggers keep
a session's `updated_at` and `message_count` in step with its messages, as on SQLite.
Migrations run at `start()`. Every several-process rule lives in the database itself.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, LiteralString

from psycopg import errors as pg_errors

from movie_analyst.adapters.postgres import archive, runs
from movie_analyst.adapters.postgres.connection import Pool, translated_errors
from movie_analyst.adapters.postgres.messages import (
    INSERT_MESSAGE,
    MAX_ID,
    insert_params,
    remembered_turns,
)
from movie_analyst.adapters.postgres.owned_pool import OwnedPool
from movie_analyst.adapters.postgres.rows import (
    MESSAGE_COLUMNS,
    SESSION_COLUMNS,
    message_from,
    session_from,
)
from movie_analyst.adapters.postgres.search import words
from movie_analyst.adapters.postgres.text import store_text
from movie_analyst.application.errors import MessageNotFound, SessionNotFound, StorageError
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Feedback, Message, NewMessage
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session, SessionSummary

_LIST_SESSIONS = f"""
SELECT {SESSION_COLUMNS}, message_count FROM sessions
ORDER BY updated_at DESC, seq DESC LIMIT %s OFFSET %s
"""
_LIST_OWN_SESSIONS = _LIST_SESSIONS.replace("FROM sessions", "FROM sessions WHERE owner = %s")
_OWNED = "(%(owner)s::text IS NULL OR owner = %(owner)s::text)"
_OWNED_SESSION = (
    "(%(owner)s::text IS NULL OR session_id IN (SELECT id FROM sessions WHERE owner = %(owner)s))"
)
_PAGE_BACKWARDS = f"""
SELECT {MESSAGE_COLUMNS} FROM messages
WHERE session_id = %s ORDER BY id DESC LIMIT %s
"""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _bounded(count: int) -> int:
    return max(0, min(count, MAX_ID))


class PostgresChatRepository(ChatRepository):
    def __init__(
        self, url: str, *, pool_size: int = 4, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self.url = url
        self._clock = clock
        self._owned = OwnedPool(url, max_size=pool_size)

    async def start(self) -> None:
        """Open the pool and bring the schema up to date."""
        await self._owned.start()

    async def aclose(self) -> None:
        await self._owned.aclose()

    async def writable(self) -> str:
        """ "ok" when the server takes writes (a primary, not read-only), else the reason."""
        sql = "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'"
        try:
            rows = await self._rows(sql)
        except StorageError as exc:
            return f"error: {exc}"
        return "ok" if rows and rows[0][0] else "error: the PostgreSQL server is read-only"

    async def add_session(self, session: Session) -> None:
        await archive.insert_session(self.pool, session)

    async def get_session(self, session_id: str, *, owner: str | None = None) -> Session | None:
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = %(id)s AND {_OWNED}"
        rows = await self._rows(sql, {"id": session_id, "owner": owner})
        return session_from(rows[0]) if rows else None

    async def rename_session(
        self, session_id: str, title: str, *, owner: str | None = None
    ) -> Session:
        sql = f"""UPDATE sessions SET title = %(title)s,
            title_words = array_to_tsvector(%(words)s::text[])
            WHERE id = %(id)s AND {_OWNED} RETURNING {SESSION_COLUMNS}"""
        params = {"title": store_text(title), "words": words(title), "id": session_id}
        rows = await self._rows(sql, {**params, "owner": owner})
        if not rows:
            raise SessionNotFound(session_id)
        return session_from(rows[0])

    async def delete_session(self, session_id: str, *, owner: str | None = None) -> None:
        sql = f"DELETE FROM sessions WHERE id = %(id)s AND {_OWNED} RETURNING id"
        if not await self._rows(sql, {"id": session_id, "owner": owner}):
            raise SessionNotFound(session_id)

    async def list_sessions(
        self, *, limit: int, offset: int, owner: str | None = None
    ) -> list[SessionSummary]:
        page = (_bounded(limit), _bounded(offset))
        if owner is None:
            rows = await self._rows(_LIST_SESSIONS, *page)
        else:
            rows = await self._rows(_LIST_OWN_SESSIONS, owner, *page)
        return [SessionSummary(session=session_from(row), message_count=row[6]) for row in rows]

    async def count_sessions(self, *, owner: str | None = None) -> int:
        rows = await self._rows(f"SELECT count(*) FROM sessions WHERE {_OWNED}", {"owner": owner})
        return int(rows[0][0])

    async def size_bytes(self) -> int:
        rows = await self._rows("SELECT pg_database_size(current_database())")
        return int(rows[0][0])

    async def add_message(self, message: NewMessage) -> Message:
        created_at = self._clock()
        try:
            rows = await self._rows(INSERT_MESSAGE, insert_params(message, created_at))
        except StorageError as exc:  # the session was deleted between the check and the insert
            if isinstance(exc.__cause__, pg_errors.ForeignKeyViolation):
                raise SessionNotFound(message.session_id) from exc
            raise
        if not rows:
            raise SessionNotFound(message.session_id)
        return message_from(rows[0])

    async def last_messages(
        self, session_id: str, limit: int, *, owner: str | None = None
    ) -> list[Message]:
        if owner is not None:
            await self._require_session(session_id, owner)
        rows = await self._rows(_PAGE_BACKWARDS, session_id, _bounded(limit))
        if not rows:
            await self._require_session(session_id, owner)
        return [message_from(row) for row in reversed(rows)]

    async def remembered_turns(
        self, session_id: str, token_budget: int, *, before_message_id: int
    ) -> list[ChatTurn]:
        with translated_errors():
            async with self.pool.connection() as connection:
                found = await remembered_turns(
                    connection, session_id, token_budget, before_message_id
                )
        if not found:
            await self._require_session(session_id, None)
        return found

    async def clear_messages(self, session_id: str, *, owner: str | None = None) -> int:
        sql = f"DELETE FROM messages WHERE session_id = %(id)s AND {_OWNED_SESSION}"
        with translated_errors():
            async with self.pool.connection() as connection:
                cursor = await connection.execute(sql, {"id": session_id, "owner": owner})
                deleted = cursor.rowcount
        if deleted == 0:
            await self._require_session(session_id, owner)
        return deleted

    async def set_feedback(
        self, message_id: int, feedback: Feedback | None, *, owner: str | None = None
    ) -> Message:
        if not 0 < message_id <= MAX_ID:  # beyond bigint: cannot exist
            raise MessageNotFound(message_id)
        sql = f"""UPDATE messages SET feedback = %(value)s WHERE id = %(id)s
            AND {_OWNED_SESSION} RETURNING {MESSAGE_COLUMNS}"""
        value = None if feedback is None else feedback.value
        rows = await self._rows(sql, {"value": value, "id": message_id, "owner": owner})
        if not rows:
            raise MessageNotFound(message_id)
        return message_from(rows[0])

    async def add_run(self, run: Run) -> None:
        await runs.add_run(self.pool, run)

    async def admit_run(self, run: Run, message: NewMessage, *, owner: str | None = None) -> Run:
        return await runs.admit_run(self.pool, run, message, self._clock(), owner)

    async def save_run(self, run: Run) -> None:
        await runs.save_run(self.pool, run)

    async def finish_run(self, run: Run, reply: NewMessage | None) -> Run:
        return await runs.finish_run(self.pool, run, reply, self._clock())

    async def save_partial_answer(self, run_id: str, text: str) -> None:
        sql = "UPDATE runs SET partial_answer = %s WHERE id = %s AND status = 'running'"
        await self._rows(sql, store_text(text), run_id)

    async def get_run(self, run_id: str, *, owner: str | None = None) -> Run | None:
        found = await runs.select(
            self.pool, f"id = %(id)s AND {_OWNED_SESSION}", {"id": run_id, "owner": owner}
        )
        return found[0] if found else None

    async def active_run(self, session_id: str) -> Run | None:
        return await runs.active_run(self.pool, session_id)

    async def runs_with_status(self, statuses: Sequence[RunStatus]) -> list[Run]:
        if not statuses:
            return []
        values = [status.value for status in statuses]
        return await runs.select(self.pool, "status = ANY(%s)", (values,))

    async def import_session(self, session: Session, messages: Sequence[ArchivedMessage]) -> int:
        return await archive.import_session(self.pool, session, messages)

    async def search(self, query: str, *, limit: int, owner: str | None = None) -> list[SearchHit]:
        return await archive.search(self.pool, query, _bounded(limit), owner)

    async def _require_session(self, session_id: str, owner: str | None) -> None:
        sql = f"SELECT 1 FROM sessions WHERE id = %(id)s AND {_OWNED}"
        if not await self._rows(sql, {"id": session_id, "owner": owner}):
            raise SessionNotFound(session_id)

    async def _rows(self, sql: LiteralString, *params: Any) -> list[tuple[Any, ...]]:
        """One statement; a single dict argument binds named parameters."""
        bound = params[0] if len(params) == 1 and isinstance(params[0], dict) else params
        with translated_errors():
            async with self.pool.connection() as connection:
                cursor = await connection.execute(sql, bound)
                return await cursor.fetchall() if cursor.description else []

    @property
    def pool(self) -> Pool:
        if self._owned.current is None:
            raise StorageError("chat storage is not open")
        return self._owned.current
