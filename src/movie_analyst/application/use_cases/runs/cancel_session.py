from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner


class CancelSession:
    """Stop every run of a session, newest first (so a queued run never starts in between);
    returns how many were stopped. An idle or unknown session gives 0."""

    def __init__(self, *, runner: TaskRunner, sessions: SessionRunRegistry) -> None:
        self._runner = runner
        self._sessions = sessions

    async def execute(self, session_id: str) -> int:
        stopped = 0
        for run_id in reversed(await self._sessions.active(session_id)):
            stopped += await self._runner.cancel(run_id)
        return stopped
