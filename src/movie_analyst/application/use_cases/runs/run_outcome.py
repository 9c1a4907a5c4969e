"""How a run's end is recorded: its stored assistant entry, its final state, its last event."""

import asyncio
import logging
import math
from collections.abc import Callable
from datetime import datetime

import msgspec

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.task_runner import SHUTDOWN_REASON
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.runs.notices import (
    INTERRUPTED_ERROR,
    PENDING_MESSAGE_ID,
    STILL_QUEUED_ERROR,
    failure_notice,
    stopped_text,
)
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import RunFinished, ToolStep
from movie_analyst.domain.usage import SHARED_SPACE

log = logging.getLogger(__name__)


class RunProgress:
    """What the run has produced so far, kept for whichever way it ends."""

    def __init__(self, run: Run, user_id: str = SHARED_SPACE) -> None:
        self.run = run
        self.user_id = user_id  # whose budget the run's tokens count against
        self.answer = ""
        self.usage: tuple[int | None, int | None] = (None, None)
        self.steps: list[ToolStep] = []  # stored with the answer, so history can show them
        self.saved_at = -math.inf  # loop time of the last checkpoint
        self.ended = False  # its outcome is recorded (stored, and its final event sent)


class RunOutcome:
    """ExecuteRun's endings. Each stores exactly one assistant entry (none for a run that never
    stored its user message), saves the run's final state, then sends one `RunFinished`."""

    def __init__(
        self,
        *,
        repository: ChatRepository,
        events: RunEventLog,
        clock: Callable[[], datetime],
        limits: UsageLimits | None = None,
    ) -> None:
        self._repository = repository
        self._events = events
        self._clock = clock
        self._limits = limits

    async def succeeded(self, progress: RunProgress) -> None:
        await self._finish(progress, RunStatus.SUCCEEDED, progress.answer)

    async def stopped(self, progress: RunProgress, exc: asyncio.CancelledError) -> None:
        shutdown = SHUTDOWN_REASON in exc.args
        if shutdown and progress.run.user_message_id == PENDING_MESSAGE_ID:
            await self._leave_queued(progress)
        else:
            await self._stop(progress, RunStatus.INTERRUPTED if shutdown else RunStatus.CANCELLED)

    async def _stop(self, progress: RunProgress, status: RunStatus) -> None:
        error = INTERRUPTED_ERROR if status is RunStatus.INTERRUPTED else None
        text = stopped_text(progress.answer, status)
        await self._finish(progress, status, text, stopped=True, error=error)

    async def _leave_queued(self, progress: RunProgress) -> None:
        done = RunFinished(status=RunStatus.INTERRUPTED, error=STILL_QUEUED_ERROR)
        progress.ended = True
        await self._events.append(progress.run.id, progress.run.session_id, done)

    async def failed(
        self, progress: RunProgress, exc: Exception, public: str | None = None
    ) -> None:
        error = public or str(exc)
        text = failure_notice(error, progress.answer)
        await self._finish(
            progress, RunStatus.FAILED, text, stopped=True, error=error, kind=type(exc).__name__
        )

    async def _finish(
        self,
        progress: RunProgress,
        status: RunStatus,
        text: str,
        *,
        stopped: bool = False,
        error: str | None = None,
        kind: str | None = None,
    ) -> None:
        run = msgspec.structs.replace(
            progress.run,
            status=status,
            finished_at=self._clock(),
            error=error,
            partial_answer=None,  # the answer message holds it now
        )
        try:  # the reply and the run's end in one write
            reply = _reply(run, text, stopped, progress.steps)
            run = await self._repository.finish_run(run, reply)
        except Exception:
            log.exception("run %s: could not store its outcome (%s)", run.id, status)
        input_tokens, output_tokens = progress.usage
        if self._limits is not None and (input_tokens or output_tokens):
            # Before the final event: the user's next question is checked against these.
            tokens = (input_tokens or 0) + (output_tokens or 0)
            await _spend(self._limits, progress.user_id, tokens)
        done = RunFinished(
            status=status,
            content=progress.answer,
            error=error,
            error_kind=kind,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            model=run.model,
            run_seconds=run.run_seconds,
            user_id=progress.user_id,
        )
        progress.ended = True
        await self._events.append(run.id, run.session_id, done)


def _reply(run: Run, text: str, stopped: bool, steps: list[ToolStep]) -> NewMessage | None:
    if run.user_message_id == PENDING_MESSAGE_ID:
        return None  # cancelled while queued: no user message, so no reply either
    return NewMessage(
        session_id=run.session_id,
        role=Role.ASSISTANT,
        content=text,
        run_id=run.id,
        stopped=stopped,
        steps=steps,
    )


async def _spend(limits: UsageLimits, user_id: str, tokens: int) -> None:
    try:
        await limits.spend(user_id, tokens)
    except Exception:  # the answer stands; the budget under-counts this run
        log.exception("could not count %d tokens against a user's budget", tokens)
