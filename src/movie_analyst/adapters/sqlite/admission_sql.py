"""`admit_run` on SQLite: the user message and its run in one IMMEDIATE transaction.

BEGIN IMMEDIATE serialises writers across processes, so the busy check sees any run another
process admitted; the partial unique index `ux_runs_one_admitted` (migration 5) is the
backstop that makes a second admitted active run impossible whatever the code does.
"""

import sqlite3
from typing import Any

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
    params = messages_sql.insert_params(message, created_at)
    try:
        message_id = await writer.in_transaction(lambda db: _admit(db, run, params, owner))
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
    return msgspec.structs.replace(run, user_message_id=message_id)


def _admit(db: sqlite3.Connection, run: Run, params: tuple[Any, ...], owner: str | None) -> int:
    """On the connection's thread, inside the transaction (`Writer.in_transaction`)."""
    # Another user's session is as missing as an unknown one.
    if owner is not None and db.execute(_OWNED, (run.session_id, *mine(owner))).fetchone() is None:
        raise SessionNotFound(run.session_id)
    active = db.execute(_OLDEST_ACTIVE, (run.session_id,)).fetchone()
    if active is not None:
        raise SessionBusy(run.session_id, active[0])
    message_id = db.execute(messages_sql.INSERT_MESSAGE, params).lastrowid
    assert message_id is not None  # an INSERT always sets it
    admitted = msgspec.structs.replace(run, user_message_id=message_id)
    db.execute(_INSERT, (*run_params(admitted), 1))
    return message_id
