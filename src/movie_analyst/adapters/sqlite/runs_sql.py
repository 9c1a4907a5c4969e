"""The run queries of SqliteChatRepository. Insertion order (rowid) breaks every tie."""

import sqlite3
from collections.abc import Sequence

import aiosqlite
import msgspec

from movie_analyst.adapters.sqlite import messages_sql
from movie_analyst.adapters.sqlite.connection import (
    translated_errors,
)
from movie_analyst.adapters.sqlite.owners import OWNED_SESSION, mine
from movie_analyst.adapters.sqlite.rows import RUN_COLUMNS, run_from, run_params
from movie_analyst.adapters.sqlite.writer import Writer
from movie_analyst.application.errors import (
    InvalidRequest,
    RunNotFound,
    SessionNotFound,
)
from movie_analyst.domain.message import NewMessage
from movie_analyst.domain.run import ACTIVE_STATUSES, Run, RunStatus

_INSERT = f"INSERT INTO runs ({RUN_COLUMNS}) VALUES ({', '.join('?' * 12)})"
# session_id never changes: a run belongs to the session it was created in.
_UPDATE = """
UPDATE runs SET status = ?, model = ?, user_message_id = ?, created_at = ?, started_at = ?,
    finished_at = ?, error = ?, answer_message_id = ?, pending_message = ?,
    partial_answer = ?
WHERE id = ? RETURNING id
"""


_CHECKPOINT = "UPDATE runs SET partial_answer = ? WHERE id = ? AND status = 'running'"


async def add_run(writer: Writer, run: Run) -> None:
    with translated_errors(
        unique=InvalidRequest(f"run {run.id} already exists"),
        foreign_key=SessionNotFound(run.session_id),
    ):
        await writer.insert(_INSERT, run_params(run))


async def save_run(writer: Writer, run: Run) -> None:
    run_id, _session_id, *values = run_params(run)
    with translated_errors():
        rows = await writer.fetchall(_UPDATE, (*values, run_id))
    if not rows:
        raise RunNotFound(run.id)


async def finish_run(writer: Writer, run: Run, reply: NewMessage | None, created_at: str) -> Run:
    """The reply and the run's final state in one IMMEDIATE transaction, one thread hop."""
    params = None if reply is None else messages_sql.insert_params(reply, created_at)

    def finish(db: sqlite3.Connection) -> Run:
        done = run
        if params is not None:
            answer_id = db.execute(messages_sql.INSERT_MESSAGE, params).lastrowid
            done = msgspec.structs.replace(run, answer_message_id=answer_id)
        run_id, _session_id, *values = run_params(done)
        if db.execute(_UPDATE, (*values, run_id)).fetchone() is None:
            raise RunNotFound(run.id)
        return done

    with translated_errors(foreign_key=SessionNotFound(run.session_id)):
        return await writer.in_transaction(finish)


async def save_partial_answer(writer: Writer, run_id: str, text: str) -> None:
    with translated_errors():
        await writer.rowcount(_CHECKPOINT, (text, run_id))


async def get_run(reader: aiosqlite.Connection, run_id: str, owner: str | None) -> Run | None:
    runs = await _select(reader, f"id = ? AND {OWNED_SESSION}", (run_id, *mine(owner)))
    return runs[0] if runs else None


async def active_run(reader: aiosqlite.Connection, session_id: str) -> Run | None:
    statuses = tuple(status.value for status in ACTIVE_STATUSES)
    runs = await _select(reader, "session_id = ? AND status IN (?, ?)", (session_id, *statuses))
    return runs[0] if runs else None


async def runs_with_status(
    reader: aiosqlite.Connection, statuses: Sequence[RunStatus]
) -> list[Run]:
    if not statuses:
        return []
    marks = ", ".join("?" * len(statuses))
    return await _select(reader, f"status IN ({marks})", tuple(s.value for s in statuses))


async def _select(
    reader: aiosqlite.Connection, where: str, params: tuple[object, ...]
) -> list[Run]:
    sql = f"SELECT {RUN_COLUMNS} FROM runs WHERE {where} ORDER BY rowid"
    with translated_errors():
        rows = await reader.execute_fetchall(sql, params)
    return [run_from(row) for row in rows]
