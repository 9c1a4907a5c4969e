from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import Message

EVERY_MESSAGE = 2**31  # "no limit", still a bounded integer for the store


class ListMessages:
    """A session's messages, oldest first (by sequence); with `limit`, only the newest `limit`.

    Raises `SessionNotFound` (also for another `owner`'s session); a limit below 1 is
    `InvalidRequest`.
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(
        self, session_id: str, *, limit: int | None = None, owner: str | None = None
    ) -> list[Message]:
        if limit is not None and limit < 1:
            raise InvalidRequest("limit must be 1 or more")
        count = limit or EVERY_MESSAGE
        return await self._repository.last_messages(session_id, count, owner=owner)
