import msgspec

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import SessionSummary

DEFAULT_PAGE = 50
MAX_PAGE = 500


class SessionsPage(msgspec.Struct, frozen=True, kw_only=True):
    sessions: list[SessionSummary]
    total: int
    next_offset: int | None  # None on the last page


class ListSessions:
    """Sessions newest-updated first, each with its message count, one page at a time.

    Rules: only `owner`'s sessions (None: every one); 1 <= limit <= 500 (default 50) and
    offset >= 0, else `InvalidRequest`. The page says how many sessions exist and the offset
    of the next page (None when none is left).
    """

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(
        self, *, limit: int = DEFAULT_PAGE, offset: int = 0, owner: str | None = None
    ) -> SessionsPage:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
        if offset < 0:
            raise InvalidRequest("offset must be 0 or more")
        sessions = await self._repository.list_sessions(limit=limit, offset=offset, owner=owner)
        total = await self._repository.count_sessions(owner=owner)
        following = offset + len(sessions)
        return SessionsPage(
            sessions=sessions, total=total, next_offset=following if following < total else None
        )
