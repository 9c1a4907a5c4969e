"""Mapping between rows and domain values. Times are stored as UTC ISO-8601 text (sortable)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from movie_analyst.domain.message import ROLE_OF, Feedback, Message
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import ToolStep
from movie_analyst.domain.session import Session

Row = Sequence[Any]

SESSION_COLUMNS = "id, title, created_at, updated_at, metadata, owner"
SESSION_MARKS = "?, ?, ?, ?, ?, ?"  # one per SESSION_COLUMNS
MESSAGE_COLUMNS = "id, session_id, role, content, created_at, run_id, stopped, feedback, steps"
RUN_COLUMNS = (
    "id, session_id, status, model, user_message_id, created_at, started_at, finished_at, "
    "error, answer_message_id, pending_message, partial_answer"
)

_metadata_decoder = msgspec.json.Decoder(dict[str, str])
_steps_decoder = msgspec.json.Decoder(list[ToolStep])


def time_text(moment: datetime) -> str:
    """Naive times count as UTC; fixed width, so text order is time order."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


def optional_time_text(moment: datetime | None) -> str | None:
    return None if moment is None else time_text(moment)


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def session_from(row: Row) -> Session:
    return Session(
        id=row[0],
        title=row[1],
        created_at=datetime.fromisoformat(row[2]),
        updated_at=datetime.fromisoformat(row[3]),
        metadata=_metadata_decoder.decode(row[4]),
        owner=row[5],
    )


def session_params(session: Session) -> tuple[str, str, str, str, str, str | None]:
    metadata = msgspec.json.encode(session.metadata).decode()
    return (
        session.id,
        session.title,
        time_text(session.created_at),
        time_text(session.updated_at),
        metadata,
        session.owner,
    )


def message_from(row: Row) -> Message:
    return Message(
        id=row[0],
        session_id=row[1],
        role=ROLE_OF[row[2]],
        content=row[3],
        created_at=datetime.fromisoformat(row[4]),
        run_id=row[5],
        stopped=bool(row[6]),
        feedback=None if row[7] is None else Feedback(row[7]),
        steps=_steps_decoder.decode(row[8]) if row[8] else [],
    )


def steps_text(steps: list[ToolStep]) -> str | None:
    return msgspec.json.encode(steps).decode() if steps else None


def run_from(row: Row) -> Run:
    return Run(
        id=row[0],
        session_id=row[1],
        status=RunStatus(row[2]),
        model=row[3],
        user_message_id=row[4],
        created_at=datetime.fromisoformat(row[5]),
        started_at=parse_time(row[6]),
        finished_at=parse_time(row[7]),
        error=row[8],
        answer_message_id=row[9],
        pending_message=row[10],
        partial_answer=row[11],
    )


def run_params(run: Run) -> tuple[Any, ...]:
    """In RUN_COLUMNS order."""
    return (
        run.id,
        run.session_id,
        run.status.value,
        run.model,
        run.user_message_id,
        time_text(run.created_at),
        optional_time_text(run.started_at),
        optional_time_text(run.finished_at),
        run.error,
        run.answer_message_id,
        run.pending_message,
        run.partial_answer,
    )
