from movie_analyst.application.errors import UserNotFound
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.users.api_keys import ApiKeys


class RotateKey:
    """Give a user a new API key; the old one stops working at once. Raises `UserNotFound`."""

    def __init__(self, *, directory: UserDirectory, keys: ApiKeys) -> None:
        self._directory = directory
        self._keys = keys

    async def execute(self, name: str) -> str:
        key, stored = self._keys.issue()
        if not await self._directory.replace_key(name, stored):
            raise UserNotFound(name)
        return key
