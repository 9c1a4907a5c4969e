"""The run queries of PostgresChatRepository. Insertion order (`seq`) breaks every tie.

`admit_run` is the several-process form of "one active run per session": the user message and
the run go in together, and the partial unique index `ux_runs_one_admitted` refuses a second
admitted active run in a session even when two processes race, so nothing is half-written.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime

import msgspec
from psycopg import errors as pg_errors

from movie_analyst.adapters.postgres.connection import Pool, constraint_of, translated_errors
from movie_analyst.adapters.postgres.messages import INSERT_MESSAGE_ROW, insert_params
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
_INSERT = f"INSERT INTO runs ({RUN_COLUMNS}, exclusive) VALUES ({', '.join(['%s'] * 13)})"
# session_id never changes: a run belongs to the session it was created in.
_UPDATE = """
UPDATE runs SET status = %s, model = %s, user_message_id = %s, created_at = %s, started_at = %s,
    finished_at = %s, error = %s, answer_message_id = %s, pending_message = %s,
    partial_answer = %s
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


# One statement (one round trip, atomic in autocommit): the busy check, the message, the run.
_ADMIT = f"""
WITH busy AS (
    SELECT id FROM runs WHERE session_id = %(session_id)s::text AND status = ANY(%(active)s)
        AND (%(owner)s::text IS NULL  -- another user's busy session is as missing as any
            OR session_id IN (SELECT id FROM sessions WHERE owner = %(owner)s::text))
    ORDER BY seq LIMIT 1
), message AS ({INSERT_MESSAGE_ROW}
    WHERE NOT EXISTS (SELECT 1 FROM busy)
        AND EXISTS (SELECT 1 FROM sessions WHERE id = %(session_id)s::text
            AND (%(owner)s::text IS NULL OR owner = %(owner)s::text))
    RETURNING id
), admitted AS (
    INSERT INTO runs ({RUN_COLUMNS}, exclusive)
    SELECT %(r_id)s::text, %(session_id)s::text, %(r_status)s::text, %(r_model)s::text,
        message.id, %(r_created)s::timestamptz, %(r_started)s::timestamptz,
        %(r_finished)s::timestamptz, %(r_error)s::text, %(r_answer)s::bigint,
        %(r_pending)s::text, %(r_partial)s::text, true
    FROM message RETURNING id
)
SELECT (SELECT id FROM busy), (SELECT id FROM message), (SELECT count(*) FROM admitted)
"""

# One statement, as _ADMIT: the reply (stored only while its run exists: all or nothing) and
# the run's final state pointing at it.
_FINISH = f"""
WITH reply AS ({INSERT_MESSAGE_ROW}
    WHERE EXISTS (SELECT 1 FROM runs WHERE id = %(r_id)s::text)
    RETURNING id
), done AS (
    UPDATE runs SET status = %(r_status)s::text, model = %(r_model)s::text,
        user_message_id = %(r_user)s::bigint, created_at = %(r_created)s::timestamptz,
        started_at = %(r_started)s::timestamptz, finished_at = %(r_finished)s::timestamptz,
        error = %(r_error)s::text, answer_message_id = (SELECT id FROM reply),
        pending_message = %(r_pending)s::text, partial_answer = %(r_partial)s::text
    WHERE id = %(r_id)s::text RETURNING answer_message_id
)
SELECT (SELECT count(*) FROM done), (SELECT answer_message_id FROM done),
    EXISTS (SELECT 1 FROM sessions WHERE id = %(session_id)s::text)
"""


async def admit_run(
    pool: Pool, run: Run, message: NewMessage, now: datetime, owner: str | None
) -> Run:
    """Store the message and the run (pointing at it) together, unless the session is busy."""
    params = {**insert_params(message, now), **_named(run), "active": _ACTIVE, "owner": owner}
    try:
        with translated_errors():
            async with pool.connection() as connection:
                cursor = await connection.execute(_ADMIT, params)
                row = await cursor.fetchone()
    except Exception as exc:
        if _constraint(exc) == ONE_ADMITTED:  # another process admitted one first
            winner = await active_run(pool, run.session_id)
            raise SessionBusy(run.session_id, winner.id if winner else "?") from exc
        _raise_for_insert(exc, run)
        raise
    assert row is not None  # a SELECT of three scalars always answers
    busy, message_id, _ = row
    if busy is not None:
        raise SessionBusy(run.session_id, busy)
    if message_id is None:
        raise SessionNotFound(run.session_id)
    return msgspec.structs.replace(run, user_message_id=message_id)


_NAMED = (
    "r_id",
    "r_session",
    "r_status",
    "r_model",
    "r_user",
    "r_created",
    "r_started",
    "r_finished",
    "r_error",
    "r_answer",
    "r_pending",
    "r_partial",
)  # RUN_COLUMNS order


def _named(run: Run) -> dict[str, object]:
    """`run_params` as the named parameters the one-statement writes (_ADMIT, _FINISH) use."""
    return dict(zip(_NAMED, run_params(run), strict=True))


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


async def finish_run(pool: Pool, run: Run, reply: NewMessage | None, now: datetime) -> Run:
    """The reply and the run's final state in one statement: one round trip, as before the
    reply alone took one."""
    if reply is None:
        await save_run(pool, run)
        return run
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(_FINISH, {**insert_params(reply, now), **_named(run)})
            row = await cursor.fetchone()
    assert row is not None  # a SELECT of three scalars always answers
    updated, answer_id, session_exists = row
    if not updated:
        raise RunNotFound(run.id) if session_exists else SessionNotFound(run.session_id)
    return msgspec.structs.replace(run, answer_message_id=answer_id)


async def active_run(pool: Pool, session_id: str) -> Run | None:
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(_OLDEST_ACTIVE, (session_id, _ACTIVE))
            row = await cursor.fetchone()
    return None if row is None else run_from(row)


async def select(
    pool: Pool, where: str, params: Sequence[object] | Mapping[str, object]
) -> list[Run]:
    sql = f"SELECT {RUN_COLUMNS} FROM runs WHERE {where} ORDER BY seq"
    with translated_errors():
        async with pool.connection() as connection:
            cursor = await connection.execute(sql.encode(), params)
            rows = await cursor.fetchall()
    return [run_from(row) for row in rows]
