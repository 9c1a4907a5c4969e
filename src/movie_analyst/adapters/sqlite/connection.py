"""Opening a tuned connection, and turning sqlite3 errors into application errors."""

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import aiosqlite

from movie_analyst.application.errors import StorageError

BUSY_TIMEOUT_MS = 5000

# Per-connection settings: synchronous, busy_timeout and foreign_keys do not persist in the file.
PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
)
WAL_ATTEMPTS = 50  # x 0.1 s: as long as busy_timeout
T = TypeVar("T")


async def open_connection(path: str, *, read_only: bool = False) -> aiosqlite.Connection:
    """Autocommit mode: each statement is its own transaction unless we BEGIN explicitly."""
    with translated_errors():
        if path != ":memory:":
            await asyncio.to_thread(_make_parent, path)
        connection = await aiosqlite.connect(path, isolation_level=None)
        try:
            for pragma in PRAGMAS:
                await connection.execute(pragma)
            await _use_wal(connection)
            if read_only:
                await connection.execute("PRAGMA query_only=ON")
        except BaseException:
            await connection.close()
            raise
    return connection


async def _use_wal(connection: aiosqlite.Connection) -> None:
    """Switching a fresh file to WAL fails at once (no busy wait) while another connection is
    switching it too, as when two processes start on a new database together: retry briefly."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            await connection.execute_fetchall("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.1)


async def in_thread(connection: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work(connection)` on the connection's own thread, as one hop: several statements, or a
    walk over many rows, cost one thread round trip (~40 us of CPU and a loop turn each)
    instead of one per statement. aiosqlite has no public call for this; `_execute` is the
    primitive every one of its methods queues work through (pinned in the lock file)."""
    raw = connection._conn
    result: T = await connection._execute(work, raw)  # type: ignore[no-untyped-call]
    return result


def _make_parent(path: str) -> None:
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def translated_errors(
    *, unique: Exception | None = None, foreign_key: Exception | None = None
) -> Iterator[None]:
    """The one way sqlite3 errors leave this package: a UNIQUE (or PRIMARY KEY) violation
    raises `unique`, a FOREIGN KEY violation `foreign_key` (when given); anything else from
    sqlite3, or the file being unreachable, becomes `StorageError`."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if unique is not None and is_unique_error(exc):
            raise unique from exc
        if foreign_key is not None and is_foreign_key_error(exc):
            raise foreign_key from exc
        raise StorageError(f"chat storage failed: {exc}") from exc
    except sqlite3.Error as exc:
        raise StorageError(f"chat storage failed: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"chat storage unreachable: {exc}") from exc


def is_foreign_key_error(exc: sqlite3.IntegrityError) -> bool:
    return "FOREIGN KEY" in str(exc)


def is_unique_error(exc: sqlite3.IntegrityError) -> bool:
    return "UNIQUE" in str(exc) or "PRIMARY KEY" in str(exc)
