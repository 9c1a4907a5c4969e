from collections.abc import Callable
from datetime import datetime

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.use_cases.runs.notices import INTERRUPTED_ERROR
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import interrupt_run
from movie_analyst.application.use_cases.runs.resume_queued_run import ResumeQueuedRun
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import RunFinished


class RecoverOrphanedRun:
    """Finish, in this process, a run whose server process died (its lease expired).

    Rules:
    - A run still queued with its message waiting (the enqueue policy) is run here, keeping its
      place in the session's queue: the message is not lost.
    - Any other active run becomes `interrupted`: the user message is kept and the notice is
      stored after it; its followers (on any replica) receive a `RunFinished` and stop waiting.
    - A run that has already ended, or is unknown, is only unregistered.
    The caller has already made this process the run's owner.
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        events: RunEventLog,
        sessions: SessionRunRegistry,
        resume: ResumeQueuedRun,
        clock: Callable[[], datetime],
    ) -> None:
        self._repository = repository
        self._events = events
        self._sessions = sessions
        self._resume = resume
        self._clock = clock

    async def execute(self, run_id: str, session_id: str) -> RunStatus | None:
        """Returns the run's status after recovery (None for an unknown run)."""
        run = await self._repository.get_run(run_id)
        if run is None or not run.status.is_active:
            await self._sessions.release(session_id, run_id)
            return run.status if run else None
        if await self._resume.execute(run, register=False):
            return run.status
        run = await interrupt_run(self._repository, run, self._clock())
        done = RunFinished(status=RunStatus.INTERRUPTED, error=INTERRUPTED_ERROR)
        await self._events.append(run.id, run.session_id, done)
        await self._sessions.release(run.session_id, run.id)
        return run.status
