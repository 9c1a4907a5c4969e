"""The ConversationIndex in the PostgreSQL chat database (table `conversation_keys`), so every
replica finds a conversation another one answered, and restarts keep it."""

import psycopg

from movie_analyst.adapters.postgres.connection import Pool, translated_errors
from movie_analyst.adapters.postgres.owned_pool import OwnedPool
from movie_analyst.application.ports.conversation_index import ConversationIndex

_FORGET = "DELETE FROM conversation_keys WHERE session_id = %s"
_REMEMBER = """
INSERT INTO conversation_keys (key, session_id) VALUES (%s, %s)
ON CONFLICT (key) DO UPDATE SET session_id = EXCLUDED.session_id
"""


class PostgresConversationIndex(ConversationIndex):
    def __init__(self, url: str, *, pool_size: int = 2) -> None:
        self._owned = OwnedPool(url, max_size=pool_size)

    async def start(self) -> None:
        await self._owned.start()

    async def aclose(self) -> None:
        await self._owned.aclose()

    async def find(self, key: str) -> str | None:
        sql = "SELECT session_id FROM conversation_keys WHERE key = %s"
        with translated_errors():
            async with self._open().connection() as connection:
                row = await (await connection.execute(sql, (key,))).fetchone()
        return None if row is None else str(row[0])

    async def remember(self, session_id: str, key: str) -> None:
        with translated_errors():
            try:
                async with self._open().connection() as connection, connection.transaction():
                    await connection.execute(_FORGET, (session_id,))
                    await connection.execute(_REMEMBER, (key, session_id))
            except psycopg.errors.UniqueViolation:
                return  # the session remembered another key at the same moment: that one stands

    def _open(self) -> Pool:
        if self._owned.current is None:
            raise RuntimeError("PostgresConversationIndex used before start()")
        return self._owned.current
