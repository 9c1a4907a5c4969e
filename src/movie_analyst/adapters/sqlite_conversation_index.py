"""The ConversationIndex in its own SQLite file beside the chat database (restarts keep it)."""

from pathlib import Path

import aiosqlite

from movie_analyst.adapters.sqlite.connection import open_connection, translated_errors
from movie_analyst.application.ports.conversation_index import ConversationIndex

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation_keys (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL UNIQUE
);
"""
# REPLACE deletes every row that conflicts on either column: the session's previous key and
# an older session's claim on this key go in the same statement.
_REMEMBER = "INSERT OR REPLACE INTO conversation_keys (key, session_id) VALUES (?, ?)"


def index_path_for(database_path: str) -> str:
    """`./chat_history.db` -> `./chat_history-conversations.db`: writes never queue behind
    the chat store's single writer."""
    if database_path in ("", ":memory:"):
        return ":memory:"
    path = Path(database_path)
    return str(path.with_name(f"{path.stem}-conversations{path.suffix or '.db'}"))


class SqliteConversationIndex(ConversationIndex):
    def __init__(self, path: str) -> None:
        self._path = path
        self._db: aiosqlite.Connection | None = None

    async def start(self) -> None:
        with translated_errors():
            self._db = await open_connection(self._path)
            await self._db.executescript(_SCHEMA)

    async def aclose(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    async def find(self, key: str) -> str | None:
        sql = "SELECT session_id FROM conversation_keys WHERE key = ?"
        with translated_errors():
            async with self._open().execute(sql, (key,)) as cursor:
                row = await cursor.fetchone()
        return None if row is None else str(row[0])

    async def remember(self, session_id: str, key: str) -> None:
        with translated_errors():
            await self._open().execute(_REMEMBER, (key, session_id))

    def _open(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("SqliteConversationIndex used before start()")
        return self._db
