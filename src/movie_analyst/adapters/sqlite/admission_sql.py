"""`admit_run` on SQLite: the user message and its run in one IMMEDIATE transaction.

BEGIN IMMEDIATE serialises writers across processes, so the busy check sees any run another
process admitted; the partial unique index `ux_runs_one_admitted` (migration 5) is the
backstop that makes a second admitted active run impossible whatever the code does.
"""

import sqlite3

import msgspec

from movie_analyst.adapters.sqlite import messages_sql
from movie_analyst.adapters.sqlite.connection import is_foreign_key_error, is_unique_error
from movie_analyst.adapters.sqlite.owners import OWNED, mine
from movie_analyst.adapters.sqlite.rows import RUN_COLUMNS, run_params
from movie_analyst.adapters.sqlite.writer import Writer
from movie_analyst.application.errors import (
    InvalidRequest,
    SessionBusy,
    SessionNotFound,
    StorageError,
)
from movie_analyst.domain.message import NewMessage
from movie_analyst.domain.run import Run

_INSERT = f"INSERT INTO runs ({RUN_COLUMNS}, exclusive) VALUES ({', '.join('?' * 13)})"
_OLDEST_ACTIVE = """
SELECT id FROM runs WHERE session_id = ? AND status IN ('queued', 'running')
ORDER BY rowid LIMIT 1
"""
_OWNED = f"SELECT 1 FROM sessions WHERE id = ? AND {OWNED}"


async def admit_run(
    writer: Writer, run: Run, message: NewMessage, created_at: str, owner: str | None
) -> Run:
    try:
        async with writer.transaction() as connection:
            if owner is not None:  # another user's session is as missing as an unknown one
                owned = await connection.execute_fetchall(_OWNED, (run.session_id, *mine(owner)))
                if not list(owned):
                    raise SessionNotFound(run.session_id)
            active = list(await connection.execute_fetchall(_OLDEST_ACTIVE, (run.session_id,)))
            if active:
                raise SessionBusy(run.session_id, active[0][0])
            params = messages_sql.insert_params(message, created_at)
            row = await connection.execute_insert(messages_sql.INSERT_MESSAGE, params)
            assert row is not None  # last_insert_rowid() always answers
            run = msgspec.structs.replace(run, user_message_id=int(row[0]))
            await connection.execute_fetchall(_INSERT, (*run_params(run), 1))
    except sqlite3.IntegrityError as exc:
        if is_foreign_key_error(exc):
            raise SessionNotFound(run.session_id) from exc
        if "ux_runs_one_admitted" in str(exc) or "runs.session_id" in str(exc):
            raise SessionBusy(run.session_id, "?") from exc
        if is_unique_error(exc):
            raise InvalidRequest(f"run {run.id} already exists") from exc
        raise StorageError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise StorageError(str(exc)) from exc
    return run
