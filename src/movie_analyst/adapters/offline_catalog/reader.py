"""One worker thread owning one read-only connection: every query is a single thread hop."""

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class CatalogReader:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None

    @property
    def is_open(self) -> bool:
        return self._pool is not None

    async def open(self, path: Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-catalog")
        self._conn = await self._submit(partial(_connect, path))

    async def run(self, query: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn
        if conn is None:
            raise RuntimeError("the offline catalog is not started")
        return await self._submit(partial(query, conn))

    async def close(self) -> None:
        if self._pool is None:
            return
        if self._conn is not None:
            await self._submit(self._conn.close)
        self._pool.shutdown(wait=False)
        self._pool, self._conn = None, None

    async def _submit(self, call: Callable[[], T]) -> T:
        assert self._pool is not None
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)


def _connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False only so close() may run wherever; all use is on the worker thread.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA cache_size = -32768")
    return conn
