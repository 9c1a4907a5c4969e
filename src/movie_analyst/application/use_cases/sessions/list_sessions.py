from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import SessionSummary

MAX_PAGE = 500  # also the default, so clients that never page still get every session


class ListSessions:
    """Sessions newest-updated first, each with its message count.

    Rules: 1 <= limit <= 500 and offset >= 0, else `InvalidRequest`.
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, *, limit: int = MAX_PAGE, offset: int = 0) -> list[SessionSummary]:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
        if offset < 0:
            raise InvalidRequest("offset must be 0 or more")
        return await self._repository.list_sessions(limit=limit, offset=offset)
