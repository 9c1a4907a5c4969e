"""The connection pool, and turning psycopg errors into application errors.

Every pooled connection is autocommit (one statement, one transaction) unless a caller opens
`connection.transaction()`; each is checked (without a round trip) before it is handed out,
so connections that a server restart closed are replaced instead of failing a request.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import AsyncConnection, pq
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from movie_analyst.application.errors import StorageError

CONNECT_TIMEOUT_SECONDS = 5  # one connection attempt
POOL_TIMEOUT_SECONDS = 5.0  # a request waits this long for a connection, then answers 503
RECONNECT_TIMEOUT_SECONDS = 24 * 3600.0  # keep retrying in the background, with backoff

Pool = AsyncConnectionPool[AsyncConnection]


async def open_pool(url: str, *, max_size: int, min_size: int = 1) -> Pool:
    """A started pool; raises StorageError when the server cannot be reached in time."""
    pool: Pool = AsyncConnectionPool(
        url,
        min_size=min(min_size, max_size),
        max_size=max_size,
        open=False,
        timeout=POOL_TIMEOUT_SECONDS,
        reconnect_timeout=RECONNECT_TIMEOUT_SECONDS,
        check=_still_connected,
        kwargs={
            "autocommit": True,
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "options": "-c TimeZone=UTC",
        },
        name="chat-store",
    )
    with translated_errors():
        try:
            await pool.open(wait=True, timeout=POOL_TIMEOUT_SECONDS + CONNECT_TIMEOUT_SECONDS)
        except BaseException:
            await pool.close()
            raise
    return pool


async def _still_connected(connection: AsyncConnection) -> None:
    """Before a connection is handed out: read whatever the server sent meanwhile (a restart's
    termination notice, or the end of the socket) without a round trip, and refuse a dead one.
    `check_connection`'s empty query would cost a round trip on every request."""
    if connection.closed or connection.broken:
        raise psycopg.OperationalError("the connection is closed")
    connection.pgconn.consume_input()  # raises OperationalError when the socket is gone
    if connection.pgconn.status != pq.ConnStatus.OK:
        raise psycopg.OperationalError("the connection is broken")


@contextmanager
def translated_errors() -> Iterator[None]:
    """Any psycopg failure not handled more precisely by the caller becomes `StorageError`."""
    try:
        yield
    except PoolTimeout as exc:
        raise StorageError(
            "chat storage unreachable: no PostgreSQL connection within "
            f"{POOL_TIMEOUT_SECONDS:g} s ({exc})"
        ) from exc
    except psycopg.OperationalError as exc:
        raise StorageError(f"chat storage unreachable: {_first_line(exc)}") from exc
    except psycopg.Error as exc:
        raise StorageError(f"chat storage failed: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def constraint_of(exc: psycopg.Error) -> str:
    return exc.diag.constraint_name or ""
