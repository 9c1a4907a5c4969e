from collections.abc import Awaitable, Callable
from datetime import datetime

import msgspec

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.use_cases.runs.notices import (
    INTERRUPTED_ERROR,
    PENDING_MESSAGE_ID,
    stopped_text,
)
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import ACTIVE_STATUSES, Run, RunStatus


class RecoverInterruptedRuns:
    """At startup, close the runs a crash left `queued` or `running`; returns how many.

    Rules: a run queued with its message waiting is run again (`resume`), in its place in its
    session's queue. Any other becomes `interrupted`; one whose user message was stored gets an
    assistant reply after it, so the conversation keeps alternating: the partial answer it had
    saved (what the user saw), else a notice. Without `resume` a waiting message is stored
    first (then its notice), so it is never lost. Run it before accepting requests.
    Runs `still_running` says another live server process owns are left alone.
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        clock: Callable[[], datetime],
        still_running: Callable[[Run], Awaitable[bool]] | None = None,
        resume: Callable[[Run], Awaitable[bool]] | None = None,
    ) -> None:
        self._repository = repository
        self._clock = clock
        # With several server processes sharing the database, another one may be running it.
        self._still_running = still_running
        self._resume = resume

    async def execute(self) -> int:
        runs = await self._repository.runs_with_status(ACTIVE_STATUSES)
        closed = 0
        for run in runs:
            if self._still_running is not None and await self._still_running(run):
                continue
            if self._resume is not None and await self._resume(run):
                continue
            await interrupt_run(self._repository, run, self._clock())
            closed += 1
        return closed


async def interrupt_run(repository: ChatRepository, run: Run, now: datetime) -> Run:
    """Mark one active run `interrupted`, storing its waiting message and the notice reply."""
    answer_id = None
    run = await _store_waiting_message(repository, run)
    if run.user_message_id != PENDING_MESSAGE_ID and run.answer_message_id is None:
        notice = NewMessage(
            session_id=run.session_id,
            role=Role.ASSISTANT,
            content=stopped_text(run.partial_answer or "", RunStatus.INTERRUPTED),
            run_id=run.id,
            stopped=True,
        )
        answer_id = (await repository.add_message(notice)).id
    run = msgspec.structs.replace(
        run,
        status=RunStatus.INTERRUPTED,
        finished_at=now,
        error=INTERRUPTED_ERROR,
        answer_message_id=answer_id or run.answer_message_id,
    )
    await repository.save_run(run)
    return run


async def _store_waiting_message(repository: ChatRepository, run: Run) -> Run:
    if run.user_message_id != PENDING_MESSAGE_ID or run.pending_message is None:
        return run
    message = NewMessage(
        session_id=run.session_id, role=Role.USER, content=run.pending_message, run_id=run.id
    )
    stored = await repository.add_message(message)
    return msgspec.structs.replace(run, user_message_id=stored.id, pending_message=None)
