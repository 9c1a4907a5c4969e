from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import SearchHit

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 100


class SearchChats:
    """Find sessions by title and messages by content (every word, as a prefix, any case).

    Rules: the query is at most 200 characters and 1 <= limit <= 100 (`InvalidRequest`);
    title hits come first; a query without any word finds nothing; only `owner`'s chats are
    searched (None: every chat).
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(
        self, query: str, *, limit: int = 20, owner: str | None = None
    ) -> list[SearchHit]:
        if len(query) > MAX_QUERY_LENGTH:
            raise InvalidRequest(f"the query must be at most {MAX_QUERY_LENGTH} characters")
        if not 1 <= limit <= MAX_RESULTS:
            raise InvalidRequest(f"limit must be between 1 and {MAX_RESULTS}")
        return await self._repository.search(query, limit=limit, owner=owner)
