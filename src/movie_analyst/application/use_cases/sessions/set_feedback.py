from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import Feedback, Message


class SetFeedback:
    """Record a thumbs up/down on a message (None clears it). Raises `MessageNotFound`, also
    for a message of another `owner`'s session."""

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(
        self, message_id: int, feedback: Feedback | None, *, owner: str | None = None
    ) -> Message:
        return await self._repository.set_feedback(message_id, feedback, owner=owner)
