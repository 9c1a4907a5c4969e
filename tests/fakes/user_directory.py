"""DictUserDirectory: the UserDirectory port as a dict of name -> (user, stored key)."""

from movie_analyst.application.errors import UserExists
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.domain.user import StoredKey, User


class DictUserDirectory(UserDirectory):
    def __init__(self) -> None:
        self.entries: dict[str, tuple[User, StoredKey]] = {}  # insertion order = oldest first
        self.lookups: list[str] = []  # every key id asked for

    async def add(self, user: User, key: StoredKey) -> None:
        if user.name in self.entries:
            raise UserExists(user.name)
        self.entries[user.name] = (user, key)

    async def users(self) -> list[User]:
        return [user for user, _ in self.entries.values()]

    async def remove(self, name: str) -> bool:
        return self.entries.pop(name, None) is not None

    async def replace_key(self, name: str, key: StoredKey) -> bool:
        if name not in self.entries:
            return False
        self.entries[name] = (self.entries[name][0], key)
        return True

    async def find_user(self, name: str) -> User | None:
        entry = self.entries.get(name)
        return None if entry is None else entry[0]

    async def find_key(self, key_id: str) -> tuple[User, str] | None:
        self.lookups.append(key_id)
        for user, key in self.entries.values():
            if key.key_id == key_id:
                return user, key.digest
        return None
