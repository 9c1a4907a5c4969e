from movie_analyst.application.errors import SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import Session


class GetSession:
    """One session by id. Raises `SessionNotFound` for an unknown (or malformed) id, and for
    another `owner`'s session."""

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str, *, owner: str | None = None) -> Session:
        session = await self._repository.get_session(session_id, owner=owner)
        if session is None:
            raise SessionNotFound(session_id)
        return session
