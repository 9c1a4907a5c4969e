"""The UserDirectory in the SQLite chat database (table `users`, migration V7), on a
connection of its own: a key check never waits behind the chat store's writer."""

from datetime import datetime

import aiosqlite

from movie_analyst.adapters.sqlite.connection import open_connection, translated_errors
from movie_analyst.adapters.sqlite.migrations import migrate
from movie_analyst.application.errors import UserExists
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.domain.user import StoredKey, User

_COLUMNS = "id, name, is_admin, created_at"


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row[0], name=row[1], is_admin=bool(row[2]), created_at=datetime.fromisoformat(row[3])
    )


class SqliteUserDirectory(UserDirectory):
    def __init__(self, path: str) -> None:
        self._path = path
        self._db: aiosqlite.Connection | None = None

    async def start(self) -> None:
        if self._db is None:
            db = await open_connection(self._path)
            await migrate(db)
            self._db = db

    async def aclose(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    async def add(self, user: User, key: StoredKey) -> None:
        sql = f"INSERT INTO users ({_COLUMNS}, key_id, key_digest) VALUES (?, ?, ?, ?, ?, ?)"
        values = (user.id, user.name, user.is_admin, user.created_at.isoformat())
        with translated_errors(unique=UserExists(user.name)):
            await self._open().execute(sql, (*values, key.key_id, key.digest))

    async def users(self) -> list[User]:
        sql = f"SELECT {_COLUMNS} FROM users ORDER BY created_at, rowid"
        with translated_errors():
            rows = await self._open().execute_fetchall(sql)
        return [_user(row) for row in rows]

    async def remove(self, name: str) -> bool:
        return await self._changed("DELETE FROM users WHERE name = ?", (name,))

    async def replace_key(self, name: str, key: StoredKey) -> bool:
        sql = "UPDATE users SET key_id = ?, key_digest = ? WHERE name = ?"
        return await self._changed(sql, (key.key_id, key.digest, name))

    async def find_key(self, key_id: str) -> tuple[User, str] | None:
        sql = f"SELECT {_COLUMNS}, key_digest FROM users WHERE key_id = ?"
        with translated_errors():
            async with self._open().execute(sql, (key_id,)) as cursor:
                row = await cursor.fetchone()
        return None if row is None else (_user(row), str(row[4]))

    async def find_user(self, name: str) -> User | None:
        sql = f"SELECT {_COLUMNS} FROM users WHERE name = ?"
        with translated_errors():
            async with self._open().execute(sql, (name,)) as cursor:
                row = await cursor.fetchone()
        return None if row is None else _user(row)

    async def _changed(self, sql: str, values: tuple[str, ...]) -> bool:
        with translated_errors():
            cursor = await self._open().execute(sql, values)
        return cursor.rowcount > 0

    def _open(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("SqliteUserDirectory used before start()")
        return self._db
