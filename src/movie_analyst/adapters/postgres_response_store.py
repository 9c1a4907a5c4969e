"""The live catalog's response cache in the PostgreSQL chat database (table `response_cache`).

Every process on the database shares it, so a question one replica paid for is free for the
others. Same contract as `SqliteResponseStore`: bounded (the `max_entries` most recently used
rows stay), and a store failure is logged and reported as a miss: a cache must not fail a call.
"""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from movie_analyst.adapters.catalog_cache.store import ResponseStore
from movie_analyst.adapters.postgres.connection import translated_errors
from movie_analyst.adapters.postgres.owned_pool import OwnedPool
from movie_analyst.application.errors import StorageError

log = logging.getLogger(__name__)

_GET = """
UPDATE response_cache SET used_at = %(now)s WHERE key = %(key)s AND expires_at > %(now)s
RETURNING value, expires_at
"""
_PUT = """
INSERT INTO response_cache (key, value, expires_at, used_at) VALUES (%s, %s, %s, %s)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at,
    used_at = EXCLUDED.used_at
"""
_TRIM = """
DELETE FROM response_cache WHERE key IN (
    SELECT key FROM response_cache ORDER BY used_at DESC OFFSET %s
)
"""


class PostgresResponseStore(ResponseStore):
    def __init__(self, url: str, *, max_entries: int = 5000, pool_size: int = 2) -> None:
        self._owned = OwnedPool(url, max_size=pool_size)
        self._max = max_entries
        self._writes = 0  # trims are checked every `max_entries // 10` writes, not each one

    async def start(self) -> None:
        await self._owned.start()

    async def aclose(self) -> None:
        await self._owned.aclose()

    async def get(self, key: str, now: float) -> tuple[bytes, float] | None:
        """The value and its expiry, or None when absent or expired."""
        row = await self._fetch(_GET, {"key": key, "now": now})
        return None if row is None else (bytes(row[0]), float(row[1]))

    async def put(self, key: str, value: bytes, expires_at: float, now: float) -> None:
        await self._fetch(_PUT, (key, value, expires_at, now))
        self._writes += 1
        if self._writes % max(1, self._max // 10) == 0:
            await self._fetch(_TRIM, (self._max,))

    async def purge_expired(self, now: float) -> None:
        await self._fetch("DELETE FROM response_cache WHERE expires_at <= %s", (now,))

    async def count(self) -> int:
        row = await self._fetch("SELECT count(*) FROM response_cache", ())
        return 0 if row is None else int(row[0])

    async def _fetch(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any]
    ) -> tuple[Any, ...] | None:
        pool = self._owned.current
        if pool is None:
            return None
        try:
            with translated_errors():
                async with pool.connection() as connection:
                    cursor = await connection.execute(sql.encode(), params)
                    return await cursor.fetchone() if cursor.description else None
        except StorageError as exc:
            log.warning("catalog cache failed: %s", exc)
            return None
