from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import Session, validate_title


class RenameSession:
    """Give a session a new title (a string of at most 200 characters, else `InvalidValue`).

    Raises `SessionNotFound` (also for another `owner`'s session). Renaming does not count as
    activity: `updated_at` is unchanged.
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str, title: str, *, owner: str | None = None) -> Session:
        title = validate_title(title)
        return await self._repository.rename_session(session_id, title, owner=owner)
