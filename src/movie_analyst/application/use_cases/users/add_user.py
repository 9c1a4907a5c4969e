import uuid
from datetime import UTC, datetime

from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.domain.user import User, validate_user_name


class AddUser:
    """Create a user; returns it and its API key, the only time the key exists in clear.

    Raises `InvalidValue` for a bad name and `UserExists` when the name is taken.
    """

    def __init__(self, *, directory: UserDirectory, keys: ApiKeys) -> None:
        self._directory = directory
        self._keys = keys

    async def execute(self, name: str, *, admin: bool = False) -> tuple[User, str]:
        user = User(
            id=uuid.uuid4().hex,
            name=validate_user_name(name),
            is_admin=admin,
            created_at=datetime.now(UTC),
        )
        key, stored = self._keys.issue()
        await self._directory.add(user, stored)
        return user, key
