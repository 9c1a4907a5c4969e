from movie_analyst.application.errors import UserNotFound
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.admin.audit import admitted_admin
from movie_analyst.application.use_cases.sessions.list_sessions import (
    DEFAULT_PAGE,
    ListSessions,
    SessionsPage,
)
from movie_analyst.domain.user import User


class ListUserSessions:
    """One page of the sessions a user owns, for an admin; logged.

    Rules: the caller must be an admin (`AdminRequired`, checked first, so a non-admin learns
    nothing of which names exist); an unknown name is `UserNotFound`; paging as `ListSessions`.
    """

    def __init__(self, *, directory: UserDirectory, list_sessions: ListSessions) -> None:
        self._directory = directory
        self._list_sessions = list_sessions

    async def execute(
        self,
        caller: User | None,
        name: str,
        *,
        route: str,
        limit: int = DEFAULT_PAGE,
        offset: int = 0,
    ) -> SessionsPage:
        admitted_admin(caller, route=route, target=f"user {name}")
        owner = await self._directory.find_user(name)
        if owner is None:
            raise UserNotFound(name)
        return await self._list_sessions.execute(limit=limit, offset=offset, owner=owner.id)
