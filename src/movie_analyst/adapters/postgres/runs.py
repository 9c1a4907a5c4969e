"""The run queries of PostgresChatRepository. Insertion order (`seq`) breaks every tie.

`admit_run` is the several-process form of "one active run per session": the user message and
the run go in together, and the partial unique index `ux_runs_one_admitted` refuses a second
admitted active run in a session even when two processes race, so nothing is half-written.
"""

from collections.abc import Sequence
from datetime import datetime

import msgspec
from psycopg import AsyncConnection
from psycopg import errors as pg_errors

from movie_analyst.adapters.postgres.connection import Pool, constraint_of, translated_errors
from movie_analyst.adapters.postgres.messages import INSERT_MESSAGE, insert_params
from movie_analyst.adapters.postgres.rows import RUN_COLUMNS, run_from, run_params
from movie_analyst.application.errors import (
    InvalidRequest,
    RunNotFound,
    SessionBusy,
    SessionNotFound,
)
from movie_analyst.domain.message import NewMessage
from movie_analyst.domain.run import ACTIVE_STATUSES, Run

ONE_ADMITTED = "ux_runs_one_admitted"
_ACTIVE = [status.value for status in ACTIVE_STATUSES]
_INSERT = f"INSERT INTO runs ({RUN_COLUMNS}, exclusive) VALUES ({', '.join(['%s'] * 12)})"
# session_id never changes: a run belongs to the session it was created in.
_UPDATE = """
UPDATE runs SET status = %s, model = %s, user_message_id = %s, created_at = %s, started_at = %s,
    finished_at = %s, error = %s, answer_message_id = %s, pending_message = %s
WHERE id = %s RETURNING id
"""
_OLDEST_ACTIVE = f"""
SELECT {RUN_COLUMNS} FROM runs WHERE session_id = %s AND status = ANY(%s) ORDER BY seq LIMIT 1
"""


async def add_run(pool: Pool, run: Run) -> None:
    try:
        with translated_errors():
            async with pool.connection() as connection:
                await connection.execute(_INSERT, (*run_params(run), False))
    except Exception as exc:
        _raise_for_insert(exc, run)
        raise


async def admit_run(pool: Pool, run: Run, message: NewMessage, now: datetime) -> Run:
    """Store the message and the run (pointing at it) together, unless the session is busy."""
    try:
        with translated_errors():
            async with pool.connection() as connection, connection.transaction():
                await _refuse_if_busy(connection, run.session_id)
                cursor = await connection.execute(INSERT_MESSAGE, insert_params(message, now))
                stored = await cursor.fetchone()
                if stored is None:
                    raise SessionNotFound(run.session_id)
                run = msgspec.structs.replace(run, user_message_id=stored[0])
                await connection.execute(_INSERT, (*run_params(run), True))
    except Exception as exc:
        if _constraint(exc) == ONE_ADMITTED:  # another process admitted one first
            winner = await active_run(pool, run.session_id)
            raise SessionBusy(run.session_id, winner.id if winner else "?") from exc
        _raise_for_insert(exc, run)
        raise
    return run


async def _refuse_if_busy(connection: AsyncConnection, session_id: str) -> None:
    cursor = await connection.execute(_OLDEST_ACTIVE, (session_id, _ACTIVE))
    row = await cursor.fetchone()
    if row is not None:
        raise SessionBusy(session_id, row[0])


def _constraint(exc: Exception) -> str:
    cause = exc.__cause__
    return constraint_of(cause) if isinstance(cause, pg_errors.IntegrityError) else ""


def _raise_for_insert(exc: Exception, run: Run) -> None:
    cause = exc.__cause__
    if isinstance(cause, pg_errors.ForeignKeyViolation):
        raise SessionNotFound(run.session_id) from exc
    if isinstance(cause, pg_errors.UniqueViolation) and _constraint(exc) == "runs_pkey":
        raise InvalidRequest(f"run {run.id} already exists") from exc


async def save_run(pool: Pool, run: Run) -> None:
    run_id, _session_id, *values = run_params(run)
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(_UPDATE, (*values, run_id))
            found = await cursor.fetchall()
    if not found:
        raise RunNotFound(run.id)


async def active_run(pool: Pool, session_id: str) -> Run | None:
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(_OLDEST_ACTIVE, (session_id, _ACTIVE))
            row = await cursor.fetchone()
    return None if row is None else run_from(row)


async def select(pool: Pool, where: str, params: Sequence[object]) -> list[Run]:
    sql = f"SELECT {RUN_COLUMNS} FROM runs WHERE {where} ORDER BY seq"
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(sql.encode(), params)
            rows = await cursor.fetchall()
    return [run_from(row) for row in rows]
