import enum
from datetime import datetime

import msgspec


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"

    @property
    def is_active(self) -> bool:
        return self in (RunStatus.QUEUED, RunStatus.RUNNING)


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class Run(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    session_id: str
    status: RunStatus
    model: str
    user_message_id: int
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    answer_message_id: int | None = None
    # A queued message waits here, durable, until its turn stores it in the conversation.
    pending_message: str | None = None
    # The answer streamed so far, saved now and then while running, so a crash keeps it.
    partial_answer: str | None = None

    @property
    def run_seconds(self) -> float | None:
        """Started -> finished, once the run has both."""
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
