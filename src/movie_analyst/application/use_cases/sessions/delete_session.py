from movie_analyst.application.ports.chat_repository import ChatRepository


class DeleteSession:
    """Delete a session with its messages and runs. Raises `SessionNotFound`."""

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, session_id: str) -> None:
        await self._repository.delete_session(session_id)
