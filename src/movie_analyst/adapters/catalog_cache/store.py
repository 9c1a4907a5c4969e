"""A persistent, bounded response store in its own SQLite file (restarts keep the cache)."""

import logging
import sqlite3
from pathlib import Path
from typing import Protocol

import aiosqlite

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS response_cache (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_response_cache_used_at ON response_cache(used_at);
"""


def cache_path_for(database_path: str) -> str:
    """`./chat_history.db` -> `./chat_history-cache.db`: a sibling file, so cache writes never
    queue behind the chat store's writer."""
    if database_path in ("", ":memory:"):
        return ":memory:"
    path = Path(database_path)
    return str(path.with_name(f"{path.stem}-cache{path.suffix or '.db'}"))


class ResponseStore(Protocol):
    """What the catalog cache needs from a persistent store (SQLite file or PostgreSQL)."""

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...

    async def get(self, key: str, now: float) -> tuple[bytes, float] | None: ...

    async def put(self, key: str, value: bytes, expires_at: float, now: float) -> None: ...

    async def purge_expired(self, now: float) -> None: ...

    async def count(self) -> int: ...


class SqliteResponseStore:
    """`get`/`put` bytes by key with an absolute expiry; keeps the `max_entries` most recently
    used rows. Store failures are logged and reported as misses: a cache must not fail a call."""

    def __init__(self, path: str, *, max_entries: int = 5000) -> None:
        self._path = path
        self._max = max_entries
        self._db: aiosqlite.Connection | None = None
        self._rows = 0  # an upper bound (replaced keys count twice); trimming recounts

    async def start(self) -> None:
        if self._path != ":memory:":
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self._path, isolation_level=None)
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._db.execute("PRAGMA busy_timeout=5000")
        await self._db.executescript(_SCHEMA)
        self._rows = await self.count()

    async def aclose(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def get(self, key: str, now: float) -> tuple[bytes, float] | None:
        """The value and its expiry, or None when absent or expired."""
        if self._db is None:
            return None
        try:
            async with self._db.execute(
                "SELECT value, expires_at FROM response_cache WHERE key = ?", (key,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is None or row[1] <= now:
                return None
            await self._db.execute(
                "UPDATE response_cache SET used_at = ? WHERE key = ?", (now, key)
            )
            return bytes(row[0]), float(row[1])
        except sqlite3.Error as exc:
            log.warning("catalog cache read failed: %s", exc)
            return None

    async def put(self, key: str, value: bytes, expires_at: float, now: float) -> None:
        if self._db is None:
            return
        try:
            await self._db.execute(
                "INSERT OR REPLACE INTO response_cache (key, value, expires_at, used_at) "
                "VALUES (?, ?, ?, ?)",
                (key, value, expires_at, now),
            )
            self._rows += 1
            if self._rows > self._max:
                await self._trim()
        except sqlite3.Error as exc:
            log.warning("catalog cache write failed: %s", exc)

    async def _trim(self) -> None:
        """Keep the `max_entries` most recently used rows."""
        assert self._db is not None
        await self._db.execute(
            "DELETE FROM response_cache WHERE rowid IN (SELECT rowid FROM response_cache "
            "ORDER BY used_at DESC LIMIT -1 OFFSET ?)",
            (self._max,),
        )
        self._rows = await self.count()

    async def purge_expired(self, now: float) -> None:
        if self._db is not None:
            await self._db.execute("DELETE FROM response_cache WHERE expires_at <= ?", (now,))

    async def count(self) -> int:
        if self._db is None:
            return 0
        async with self._db.execute("SELECT COUNT(*) FROM response_cache") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
