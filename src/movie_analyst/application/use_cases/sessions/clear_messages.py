from movie_analyst.application.ports.chat_repository import ChatRepository


class ClearMessages:
    """Delete every message of a session but keep the session; returns how many went.

    Raises `SessionNotFound`.
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str) -> int:
        return await self._repository.clear_messages(session_id)
