import msgspec

from movie_analyst.application.errors import SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.domain.run import RunStatus


class SessionStatus(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    session_id: str
    pending: bool
    task_count: int
    run_id: str | None = None
    run_status: RunStatus | None = None


class GetSessionStatus:
    """Whether a session has runs in flight. Raises `SessionNotFound` for an unknown session,
    like every other session route, and for another `owner`'s session."""

    def __init__(self, *, repository: ChatRepository, sessions: SessionRunRegistry) -> None:
        self._repository = repository
        self._sessions = sessions

    async def execute(self, session_id: str, *, owner: str | None = None) -> SessionStatus:
        active = await self._sessions.active(session_id)
        unchecked = not active or owner is not None  # a busy session exists, but whose is it?
        if unchecked and await self._repository.get_session(session_id, owner=owner) is None:
            raise SessionNotFound(session_id)
        if not active:
            return SessionStatus(session_id=session_id, pending=False, task_count=0)
        run = await self._repository.get_run(active[0])
        return SessionStatus(
            session_id=session_id,
            pending=True,
            task_count=len(active),
            run_id=active[0],
            run_status=run.status if run else None,
        )
