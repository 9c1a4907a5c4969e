import uuid
from datetime import UTC, datetime

from movie_analyst.application.errors import UserExists
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.domain.errors import InvalidValue
from movie_analyst.domain.user import User, validate_user_name


class ProxyUser:
    """The user a trusted proxy names (AUTH_MODE=proxy), created on first sight; None for a
    name that is not a valid user name.

    Rules: a user made here holds a stored key that no key matches (the proxy is how they sign
    in; `users rotate-key` can give them one); two first requests at once make one user.
    """

    def __init__(self, *, directory: UserDirectory) -> None:
        self._directory = directory

    async def execute(self, name: str) -> User | None:
        try:
            validate_user_name(name)
        except InvalidValue:
            return None
        if (known := await self._directory.find_user(name)) is not None:
            return known
        user = User(id=uuid.uuid4().hex, name=name, is_admin=False, created_at=datetime.now(UTC))
        try:
            await self._directory.add(user, ApiKeys.unusable())
        except UserExists:
            return await self._directory.find_user(name)
        return user
