"""Wire format of the chat and run routes, key-for-key compatible with the original API."""

from datetime import datetime
from typing import Annotated, Any

import msgspec

from movie_analyst.application.use_cases.runs.chat import ChatAnswer
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunEvent, RunFinished, ToolStep

# At least one character that is not whitespace (Python's `str.isspace` set, spelled out so
# that the schema's ECMA regex and the server's check agree on it).
NOT_BLANK = (
    r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
    r"\u205f\u3000]"
)


class ChatBody(msgspec.Struct, frozen=True, kw_only=True):
    # Unknown keys are ignored, not refused: older clients send extra fields.
    session_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    message: Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NOT_BLANK)]
    model: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    stream: bool = False


class ChatOut(msgspec.Struct, frozen=True, kw_only=True):
    content: str
    session_id: str
    run_id: str
    status: RunStatus

    @classmethod
    def of(cls, answer: ChatAnswer) -> "ChatOut":
        run, done = answer.run, answer.outcome
        return cls(
            content=done.content, session_id=run.session_id, run_id=run.id, status=done.status
        )


class RunOut(msgspec.Struct, frozen=True, kw_only=True):
    run_id: str
    session_id: str
    status: RunStatus
    model: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    user_message_id: int | None
    answer_message_id: int | None

    @classmethod
    def of(cls, run: Run) -> "RunOut":
        return cls(
            run_id=run.id,
            session_id=run.session_id,
            status=run.status,
            model=run.model,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            error=run.error,
            user_message_id=run.user_message_id or None,
            answer_message_id=run.answer_message_id,
        )


class SessionCancelOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    cancelled: bool


def wire_event(event: RunEvent) -> dict[str, Any]:
    """The `data:` object of one SSE event: answer text as `content` (what old clients read),
    tool steps under `step` (no `content`, so old clients skip them), and a final `done`."""
    body = event.body
    if isinstance(body, AnswerToken):
        return {"content": body.content, "session_id": event.session_id}
    if isinstance(body, ToolStep):
        step: dict[str, Any] = {"type": body.type, "tool": body.tool, "summary": body.summary}
        if body.data is not None:
            step["data"] = body.data
        return {"step": step, "session_id": event.session_id}
    return _done(event, body)


def _done(event: RunEvent, body: RunFinished) -> dict[str, Any]:
    done: dict[str, Any] = {
        "done": True,
        "session_id": event.session_id,
        "run_id": event.run_id,
        "status": body.status.value,
    }
    if body.error:
        done["error"] = body.error
    return done
