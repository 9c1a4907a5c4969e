from typing import Protocol

from movie_analyst.domain.user import StoredKey, User


class UserDirectory(Protocol):
    """The team's users and what is kept of their API keys (`StoredKey`: id and digest).

    Contract:
    - `add` stores a new user holding `key`; raises `UserExists` when the name is taken.
    - `users` lists every user, oldest first.
    - `remove` and `replace_key` answer False for an unknown name; after either, the old key
      id finds nothing.
    - `find_key` answers the user holding that key id with the key's digest, or None;
      `find_user` the user of that name, or None.
    """

    async def add(self, user: User, key: StoredKey) -> None: ...

    async def users(self) -> list[User]: ...

    async def remove(self, name: str) -> bool: ...

    async def replace_key(self, name: str, key: StoredKey) -> bool: ...

    async def find_key(self, key_id: str) -> tuple[User, str] | None: ...

    async def find_user(self, name: str) -> User | None: ...
