"""The connection pool a PostgreSQL adapter owns: opened (and the schema migrated) on `start`,
closed on `aclose`; both may be called twice."""

from movie_analyst.adapters.postgres.connection import Pool
from movie_analyst.adapters.postgres.migrations import open_migrated_pool


class OwnedPool:
    def __init__(self, url: str, *, max_size: int) -> None:
        self.url = url
        self._max_size = max_size
        self.current: Pool | None = None  # None until started, and again once closed

    async def start(self) -> None:
        if self.current is None:
            self.current = await open_migrated_pool(self.url, max_size=self._max_size)

    async def aclose(self) -> None:
        pool, self.current = self.current, None
        if pool is not None:
            await pool.close()
