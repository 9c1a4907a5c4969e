from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.admin.audit import admitted_admin
from movie_analyst.domain.user import User


class ListUsers:
    """Every user, oldest first, for an admin (`AdminRequired` otherwise); logged."""

    def __init__(self, *, directory: UserDirectory) -> None:
        self._directory = directory

    async def execute(self, caller: User | None, *, route: str) -> list[User]:
        admitted_admin(caller, route=route, target="all users")
        return await self._directory.users()
