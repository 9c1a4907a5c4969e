from movie_analyst.application.errors import UserNotFound
from movie_analyst.application.ports.user_directory import UserDirectory


class RemoveUser:
    """Delete a user; their key stops working at once. Raises `UserNotFound`."""

    def __init__(self, *, directory: UserDirectory) -> None:
        self._directory = directory

    async def execute(self, name: str) -> None:
        if not await self._directory.remove(name):
            raise UserNotFound(name)
