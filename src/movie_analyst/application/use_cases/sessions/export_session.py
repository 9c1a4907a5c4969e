import msgspec

from movie_analyst.application.errors import SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.use_cases.sessions.list_messages import EVERY_MESSAGE
from movie_analyst.domain.message import Message
from movie_analyst.domain.session import Session


class SessionExport(msgspec.Struct, frozen=True, kw_only=True):
    session: Session
    messages: list[Message]  # oldest first


class ExportSession:
    """A whole conversation for download. Raises `SessionNotFound` (also for another
    `owner`'s session)."""

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str, *, owner: str | None = None) -> SessionExport:
        session = await self._repository.get_session(session_id, owner=owner)
        if session is None:
            raise SessionNotFound(session_id)
        messages = await self._repository.last_messages(session_id, EVERY_MESSAGE)
        return SessionExport(session=session, messages=messages)
