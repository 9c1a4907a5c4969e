"""Wire format of the session routes, kept key-for-key compatible with the original API."""

from datetime import datetime
from typing import Literal

import msgspec

from movie_analyst.application.use_cases.sessions.list_sessions import SessionsPage
from movie_analyst.domain.message import Message
from movie_analyst.domain.session import Session, SessionSummary, Title

RoleText = Literal["user", "assistant", "system"]
FeedbackText = Literal["up", "down"]


class NewSessionBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    title: Title | None = None
    metadata: dict[str, str] | None = None


class RenameBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    title: Title


class FeedbackBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    feedback: FeedbackText | None


class SessionIdOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str


class SessionOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    title: str
    created_at: datetime
    metadata: dict[str, str]

    @classmethod
    def of(cls, session: Session) -> "SessionOut":
        return cls(
            session_id=session.id,
            title=session.title,
            created_at=session.created_at,
            metadata=session.metadata,
        )


class SessionSummaryOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    message_count: int

    @classmethod
    def of(cls, summary: SessionSummary) -> "SessionSummaryOut":
        session = summary.session
        return cls(
            session_id=session.id,
            title=session.title,
            created_at=session.created_at,
            updated_at=session.updated_at,
            message_count=summary.message_count,
        )


class SessionsOut(msgspec.Struct, frozen=True, kw_only=True):
    sessions: list[SessionSummaryOut]
    total: int  # every session, not only this page
    limit: int
    offset: int
    next_offset: int | None  # pass as `offset` for the next page; null on the last one

    @classmethod
    def of(cls, page: SessionsPage, *, limit: int, offset: int) -> "SessionsOut":
        sessions = [SessionSummaryOut.of(s) for s in page.sessions]
        return cls(
            sessions=sessions,
            total=page.total,
            limit=limit,
            offset=offset,
            next_offset=page.next_offset,
        )


class DeletedOut(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["deleted"] = "deleted"
    session_id: str


class StepOut(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A tool call or result an answer rests on: the same keys as a live SSE `step`."""

    type: str
    tool: str
    summary: str
    data: str | None = None


class MessageOut(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    role: RoleText
    content: str
    created_at: datetime
    run_id: str | None
    stopped: bool
    feedback: FeedbackText | None
    steps: list[StepOut] = []

    @classmethod
    def of(cls, message: Message) -> "MessageOut":
        return cls(
            id=message.id,
            role=message.role.value,
            content=message.content,
            created_at=message.created_at,
            run_id=message.run_id,
            stopped=message.stopped,
            feedback=None if message.feedback is None else message.feedback.value,
            steps=[
                StepOut(type=s.type, tool=s.tool, summary=s.summary, data=s.data)
                for s in message.steps
            ],
        )


class MessagesOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    messages: list[MessageOut]

    @classmethod
    def of(cls, session_id: str, messages: list[Message]) -> "MessagesOut":
        return cls(session_id=session_id, messages=[MessageOut.of(m) for m in messages])


class ClearedOut(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["cleared"] = "cleared"
    session_id: str
    deleted: int
