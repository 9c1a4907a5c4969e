from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.domain.user import User


class Authenticate:
    """The user an `Authorization: Bearer` key belongs to, or None.

    Rules: a malformed key, an unknown key id, and a known id with the wrong secret all answer
    None after the same digest computation; the key itself is never stored or logged.
    """

    def __init__(self, *, directory: UserDirectory, keys: ApiKeys) -> None:
        self._directory = directory
        self._keys = keys

    async def execute(self, presented: str) -> User | None:
        key_id = self._keys.key_id_of(presented)
        found = await self._directory.find_key(key_id) if key_id else None
        if not self._keys.matches(presented, found[1] if found else None):
            return None
        return found[0] if found else None
