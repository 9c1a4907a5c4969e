from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.use_cases.sessions.owned import require_owned


class CancelSession:
    """Stop every run of a session, newest first (so a queued run never starts in between);
    returns how many were stopped. An idle or unknown session gives 0; with an `owner`, a
    session that is not theirs (or unknown) raises `SessionNotFound` and keeps its runs."""

    def __init__(
        self, *, runner: TaskRunner, sessions: SessionRunRegistry, repository: ChatRepository
    ) -> None:
        self._runner = runner
        self._sessions = sessions
        self._repository = repository

    async def execute(self, session_id: str, *, owner: str | None = None) -> int:
        await require_owned(self._repository, session_id, owner)
        stopped = 0
        for run_id in reversed(await self._sessions.active(session_id)):
            stopped += await self._runner.cancel(run_id)
        return stopped
