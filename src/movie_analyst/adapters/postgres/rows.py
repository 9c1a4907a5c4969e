"""Mapping between PostgreSQL rows and domain values (times are `timestamptz`, read as UTC)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from movie_analyst.adapters.postgres.text import (
    load_optional,
    load_text,
    store_optional,
    store_text,
)
from movie_analyst.domain.message import ROLE_OF, Feedback, Message
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import ToolStep
from movie_analyst.domain.session import Session

Row = Sequence[Any]

SESSION_COLUMNS = "id, title, created_at, updated_at, metadata, owner"
MESSAGE_COLUMNS = "id, session_id, role, content, created_at, run_id, stopped, feedback, steps"
RUN_COLUMNS = (
    "id, session_id, status, model, user_message_id, created_at, started_at, finished_at, "
    "error, answer_message_id, pending_message, partial_answer"
)

_metadata_decoder = msgspec.json.Decoder(dict[str, str])
_steps_decoder = msgspec.json.Decoder(list[ToolStep])


def utc(moment: datetime) -> datetime:
    """Naive times count as UTC, as in the SQLite adapter."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _optional_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else utc(moment)


def session_from(row: Row) -> Session:
    return Session(
        id=row[0],
        title=load_text(row[1]),
        created_at=utc(row[2]),
        updated_at=utc(row[3]),
        metadata=_metadata_decoder.decode(row[4]),
        owner=row[5],
    )


def session_params(session: Session) -> tuple[Any, ...]:
    """In SESSION_COLUMNS order; JSON escapes NUL, so the metadata text needs no escape."""
    metadata = msgspec.json.encode(session.metadata).decode()
    return (
        session.id,
        store_text(session.title),
        utc(session.created_at),
        utc(session.updated_at),
        metadata,
        session.owner,
    )


def message_from(row: Row) -> Message:
    return Message(
        id=row[0],
        session_id=row[1],
        role=ROLE_OF[row[2]],
        content=load_text(row[3]),
        created_at=utc(row[4]),
        run_id=row[5],
        stopped=bool(row[6]),
        feedback=None if row[7] is None else Feedback(row[7]),
        steps=_steps_decoder.decode(row[8]) if row[8] else [],
    )


def run_from(row: Row) -> Run:
    return Run(
        id=row[0],
        session_id=row[1],
        status=RunStatus(row[2]),
        model=load_text(row[3]),
        user_message_id=row[4],
        created_at=utc(row[5]),
        started_at=_optional_utc(row[6]),
        finished_at=_optional_utc(row[7]),
        error=load_optional(row[8]),
        answer_message_id=row[9],
        pending_message=load_optional(row[10]),
        partial_answer=load_optional(row[11]),
    )


def run_params(run: Run) -> tuple[Any, ...]:
    """In RUN_COLUMNS order."""
    return (
        run.id,
        run.session_id,
        run.status.value,
        store_text(run.model),
        run.user_message_id,
        utc(run.created_at),
        _optional_utc(run.started_at),
        _optional_utc(run.finished_at),
        store_optional(run.error),
        run.answer_message_id,
        store_optional(run.pending_message),
        store_optional(run.partial_answer),
    )
