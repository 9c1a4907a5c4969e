from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.sessions.owned import require_owned
from movie_analyst.application.use_cases.sessions.quiet_session import runs_stopped


class DeleteSession:
    """Delete a session with its messages and runs. Raises `SessionNotFound`, also for
    another `owner`'s session (before touching its runs).

    Rules: the session's runs are cancelled first (their model calls aborted, each ending
    `cancelled` for whoever waits on it), so no run outlives its session or writes into a
    deleted one; no new run can start until the delete is done.
    """

    def __init__(
        self, *, repository: ChatRepository, sessions: SessionRunRegistry, stop: CancelSession
    ) -> None:
        self._repository = repository
        self._sessions = sessions
        self._stop = stop

    async def execute(self, session_id: str, *, owner: str | None = None) -> None:
        await require_owned(self._repository, session_id, owner)
        async with runs_stopped(session_id, sessions=self._sessions, stop=self._stop):
            await self._repository.delete_session(session_id, owner=owner)
