"""SqliteChatRepository: the ChatRepository port on one SQLite file (aiosqlite, no ORM).

One writer connection (`Writer`: every statement under one lock, message inserts group-committed)
and one reader connection; WAL lets reads run beside the writer. Each other write is a single
autocommit statement. Triggers keep a session's `updated_at` and `message_count` in step with
its messages, so an insert is one statement and the session list needs no count per session.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial

import aiosqlite

from movie_analyst.adapters.sqlite import admission_sql, archive_sql, messages_sql, runs_sql
from movie_analyst.adapters.sqlite.connection import open_connection, translated_errors
from movie_analyst.adapters.sqlite.messages_sql import MAX_ROW_ID
from movie_analyst.adapters.sqlite.migrations import migrate
from movie_analyst.adapters.sqlite.owners import OWNED, OWNED_SESSION, mine
from movie_analyst.adapters.sqlite.rows import (
    MESSAGE_COLUMNS,
    SESSION_COLUMNS,
    SESSION_MARKS,
    message_from,
    session_from,
    session_params,
    time_text,
)
from movie_analyst.adapters.sqlite.writer import Writer
from movie_analyst.application.errors import (
    InvalidRequest,
    MessageNotFound,
    SessionNotFound,
    StorageError,
)
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Feedback, Message, NewMessage
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session, SessionSummary

_LIST_SESSIONS = f"""
SELECT {SESSION_COLUMNS}, message_count
FROM sessions s ORDER BY s.updated_at DESC, s.rowid DESC LIMIT ? OFFSET ?
"""
_utc_now = partial(datetime.now, UTC)
_LIST_OWN_SESSIONS = _LIST_SESSIONS.replace("FROM sessions s", "FROM sessions s WHERE owner = ?")


def _bounded(count: int) -> int:
    """Into SQLite's integer range; a negative LIMIT would mean "no limit" to SQLite."""
    return max(0, min(count, MAX_ROW_ID))


class SqliteChatRepository(ChatRepository):
    def __init__(self, path: str, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self.path = path
        self._clock = clock
        self._writer: Writer | None = None
        self._reader: aiosqlite.Connection | None = None

    async def start(self) -> None:
        """Open the writer, bring the schema up to date, then open the reader."""
        if self._writer is not None:
            return
        writer = Writer(await open_connection(self.path))
        try:
            async with writer.lock:
                await migrate(writer.connection)
            self._reader = await open_connection(self.path, read_only=True)
        except BaseException:
            await writer.connection.close()
            raise
        self._writer = writer

    async def aclose(self) -> None:
        writer, reader = self._writer, self._reader
        self._writer = self._reader = None  # new calls fail fast from here on
        if writer is not None:
            await writer.settle()
            await writer.connection.close()
        if reader is not None:
            await reader.close()

    async def add_session(self, session: Session) -> None:
        sql = f"INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ({SESSION_MARKS})"
        with translated_errors(unique=InvalidRequest(f"session {session.id} already exists")):
            await self._w.insert(sql, session_params(session))

    async def get_session(self, session_id: str, *, owner: str | None = None) -> Session | None:
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ? AND {OWNED}"
        with translated_errors():
            rows = list(await self._r.execute_fetchall(sql, (session_id, *mine(owner))))
        return session_from(rows[0]) if rows else None

    async def rename_session(
        self, session_id: str, title: str, *, owner: str | None = None
    ) -> Session:
        sql = f"UPDATE sessions SET title = ? WHERE id = ? AND {OWNED} RETURNING {SESSION_COLUMNS}"
        with translated_errors():
            rows = await self._w.fetchall(sql, (title, session_id, *mine(owner)))
        if not rows:
            raise SessionNotFound(session_id)
        return session_from(rows[0])

    async def delete_session(self, session_id: str, *, owner: str | None = None) -> None:
        sql = f"DELETE FROM sessions WHERE id = ? AND {OWNED} RETURNING id"
        with translated_errors():
            rows = await self._w.fetchall(sql, (session_id, *mine(owner)))
        if not rows:
            raise SessionNotFound(session_id)

    async def list_sessions(
        self, *, limit: int, offset: int, owner: str | None = None
    ) -> list[SessionSummary]:
        page = (_bounded(limit), _bounded(offset))
        sql, params = (
            (_LIST_SESSIONS, page) if owner is None else (_LIST_OWN_SESSIONS, (owner, *page))
        )
        with translated_errors():
            rows = await self._r.execute_fetchall(sql, params)
        return [SessionSummary(session=session_from(row), message_count=row[6]) for row in rows]

    async def count_sessions(self, *, owner: str | None = None) -> int:
        sql = f"SELECT count(*) FROM sessions WHERE {OWNED}"
        with translated_errors():
            rows = await self._r.execute_fetchall(sql, mine(owner))
        return int(next(iter(rows))[0])

    async def size_bytes(self) -> int:
        # Pages in use as this reader sees the database (committed WAL frames included).
        with translated_errors():
            rows = await self._r.execute_fetchall(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        return int(next(iter(rows))[0])

    async def add_message(self, message: NewMessage) -> Message:
        created_at = time_text(self._clock())
        params = messages_sql.insert_params(message, created_at)
        with translated_errors(foreign_key=SessionNotFound(message.session_id)):
            message_id = await self._w.insert_grouped(messages_sql.INSERT_MESSAGE, params)
        return Message(
            id=message_id,
            session_id=message.session_id,
            role=message.role,
            content=message.content,
            created_at=datetime.fromisoformat(created_at),
            run_id=message.run_id,
            stopped=message.stopped,
            steps=message.steps,
        )

    async def last_messages(
        self, session_id: str, limit: int, *, owner: str | None = None
    ) -> list[Message]:
        if owner is not None:
            await self._require_session(session_id, owner)
        rows = await messages_sql.page_backwards(
            self._r, session_id, before=None, limit=_bounded(limit)
        )
        if not rows:
            await self._require_session(session_id, owner)
        return [message_from(row) for row in reversed(rows)]

    async def remembered_turns(
        self, session_id: str, token_budget: int, *, before_message_id: int
    ) -> list[ChatTurn]:
        reader, before = self._r, before_message_id
        return await messages_sql.remembered_turns(reader, session_id, token_budget, before)

    async def clear_messages(self, session_id: str, *, owner: str | None = None) -> int:
        sql = f"DELETE FROM messages WHERE session_id = ? AND {OWNED_SESSION}"
        with translated_errors():
            deleted = await self._w.rowcount(sql, (session_id, *mine(owner)))
        if deleted == 0:
            await self._require_session(session_id, owner)
        return deleted

    async def set_feedback(
        self, message_id: int, feedback: Feedback | None, *, owner: str | None = None
    ) -> Message:
        sql = f"""UPDATE messages SET feedback = ? WHERE id = ? AND {OWNED_SESSION}
            RETURNING {MESSAGE_COLUMNS}"""
        if not 0 < message_id <= MAX_ROW_ID:  # beyond SQLite's integers: cannot exist
            raise MessageNotFound(message_id)
        value = None if feedback is None else feedback.value
        with translated_errors():
            rows = await self._w.fetchall(sql, (value, message_id, *mine(owner)))
        if not rows:
            raise MessageNotFound(message_id)
        return message_from(rows[0])

    async def add_run(self, run: Run) -> None:
        await runs_sql.add_run(self._w, run)

    async def admit_run(self, run: Run, message: NewMessage, *, owner: str | None = None) -> Run:
        created_at = time_text(self._clock())
        return await admission_sql.admit_run(self._w, run, message, created_at, owner)

    async def save_run(self, run: Run) -> None:
        await runs_sql.save_run(self._w, run)

    async def finish_run(self, run: Run, reply: NewMessage | None) -> Run:
        return await runs_sql.finish_run(self._w, run, reply, time_text(self._clock()))

    async def save_partial_answer(self, run_id: str, text: str) -> None:
        await runs_sql.save_partial_answer(self._w, run_id, text)

    async def get_run(self, run_id: str, *, owner: str | None = None) -> Run | None:
        return await runs_sql.get_run(self._r, run_id, owner)

    async def active_run(self, session_id: str) -> Run | None:
        return await runs_sql.active_run(self._r, session_id)

    async def runs_with_status(self, statuses: Sequence[RunStatus]) -> list[Run]:
        return await runs_sql.runs_with_status(self._r, statuses)

    async def import_session(self, session: Session, messages: Sequence[ArchivedMessage]) -> int:
        return await archive_sql.import_session(self._w, session, messages)

    async def search(self, query: str, *, limit: int, owner: str | None = None) -> list[SearchHit]:
        return await archive_sql.search(self._r, query, _bounded(limit), owner)

    async def integrity_check(self) -> list[str]:
        """`PRAGMA integrity_check` lines; `["ok"]` for a healthy file."""
        with translated_errors():
            rows = await self._r.execute_fetchall("PRAGMA integrity_check")
        return [str(row[0]) for row in rows]

    async def _require_session(self, session_id: str, owner: str | None) -> None:
        sql = f"SELECT 1 FROM sessions WHERE id = ? AND {OWNED}"
        with translated_errors():
            rows = list(await self._r.execute_fetchall(sql, (session_id, *mine(owner))))
        if not rows:
            raise SessionNotFound(session_id)

    @property
    def _w(self) -> Writer:
        if self._writer is None:
            raise StorageError("chat storage is not open")
        return self._writer

    @property
    def _r(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise StorageError("chat storage is not open")
        return self._reader
