from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import Session, validate_title


class RenameSession:
    """Give a session a new title (a string of at most 200 characters, else `InvalidValue`).

    Raises `SessionNotFound`. Renaming does not count as activity: `updated_at` is unchanged.
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str, title: str) -> Session:
        return await self._repository.rename_session(session_id, validate_title(title))
