"""The UserDirectory in the PostgreSQL chat database (table `users`, migration V6), so every
replica knows every user and a removed key stops working on all of them at once."""

from typing import Any

import psycopg

from movie_analyst.adapters.postgres.connection import Pool, translated_errors
from movie_analyst.adapters.postgres.migrations import open_migrated_pool
from movie_analyst.application.errors import UserExists
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.domain.user import StoredKey, User

_COLUMNS = "id, name, is_admin, created_at"


def _user(row: tuple[Any, ...]) -> User:
    return User(id=row[0], name=row[1], is_admin=row[2], created_at=row[3])


class PostgresUserDirectory(UserDirectory):
    def __init__(self, url: str, *, pool_size: int = 2) -> None:
        self._url = url
        self._pool_size = pool_size
        self._pool: Pool | None = None

    async def start(self) -> None:
        if self._pool is None:
            self._pool = await open_migrated_pool(self._url, max_size=self._pool_size)

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def add(self, user: User, key: StoredKey) -> None:
        sql = f"INSERT INTO users ({_COLUMNS}, key_id, key_digest) VALUES (%s, %s, %s, %s, %s, %s)"
        values = (user.id, user.name, user.is_admin, user.created_at, key.key_id, key.digest)
        with translated_errors():
            try:
                await self._run(sql, values)
            except psycopg.errors.UniqueViolation:
                raise UserExists(user.name) from None

    async def users(self) -> list[User]:
        sql = f"SELECT {_COLUMNS} FROM users ORDER BY seq"
        with translated_errors():
            async with self._open().connection() as connection:
                rows = await (await connection.execute(sql)).fetchall()
        return [_user(row) for row in rows]

    async def remove(self, name: str) -> bool:
        with translated_errors():
            return await self._run("DELETE FROM users WHERE name = %s", (name,)) > 0

    async def replace_key(self, name: str, key: StoredKey) -> bool:
        sql = "UPDATE users SET key_id = %s, key_digest = %s WHERE name = %s"
        with translated_errors():
            return await self._run(sql, (key.key_id, key.digest, name)) > 0

    async def find_key(self, key_id: str) -> tuple[User, str] | None:
        sql = f"SELECT {_COLUMNS}, key_digest FROM users WHERE key_id = %s"
        with translated_errors():
            async with self._open().connection() as connection:
                row = await (await connection.execute(sql, (key_id,))).fetchone()
        return None if row is None else (_user(row), str(row[4]))

    async def find_user(self, name: str) -> User | None:
        sql = f"SELECT {_COLUMNS} FROM users WHERE name = %s"
        with translated_errors():
            async with self._open().connection() as connection:
                row = await (await connection.execute(sql, (name,))).fetchone()
        return None if row is None else _user(row)

    async def _run(self, sql: str, values: tuple[Any, ...]) -> int:
        async with self._open().connection() as connection:
            return (await connection.execute(sql, values)).rowcount

    def _open(self) -> Pool:
        if self._pool is None:
            raise RuntimeError("PostgresUserDirectory used before start()")
        return self._pool
