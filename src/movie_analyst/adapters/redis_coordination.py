"""The Redis connection every Redis adapter shares: one client, one key prefix, this replica's id.

Keys (all under `prefix`, so tests and deployments can share a server):
- `run:<id>:events` / `run:<id>:seq`: a run's event stream and its counter (RedisRunEventLog);
- `session:<id>:runs`: a session's active runs, oldest first; `session:<id>:admission`: its lock;
- `run-owner` / `run-session`: hashes run id -> replica id / session id;
- `replica:<id>`: a replica's lease (expires unless renewed); `replica:<id>:runs`: the runs it
  executes; `replicas`: every replica that has announced itself; `cancel`: the cancel channel.
"""

import contextlib
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from movie_analyst.application.errors import CoordinationUnavailable

SCHEMES = ("redis", "rediss", "unix")
SOCKET_TIMEOUT_SECONDS = 5.0  # above every BLOCK we issue (1 s), below any client's patience
CONNECT_TIMEOUT_SECONDS = 2.0
# Each follower of a run on another replica holds one while it blocks (XREAD BLOCK, 1 s).
MAX_CONNECTIONS = 512
POOL_WAIT_SECONDS = 10.0


def check_redis_url(url: str) -> str:
    """`url` when it is one redis-py can open, else ValueError naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"must start with one of {', '.join(s + '://' for s in SCHEMES)}")
    if parts.scheme == "unix" and not parts.path:
        raise ValueError("a unix:// URL needs the socket's path")
    if parts.scheme != "unix" and not parts.hostname:
        raise ValueError("needs a host, e.g. redis://127.0.0.1:6379/0")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"has a bad port: {exc}") from None
    return url


class RedisCoordination:
    """Opened in the app lifespan (`start`), closed at shutdown (`aclose`)."""

    def __init__(self, *, url: str, prefix: str = "ma:", replica_id: str | None = None) -> None:
        self.url = check_redis_url(url)
        self.prefix = prefix
        self.replica_id = replica_id or uuid.uuid4().hex[:12]
        self._client: Redis | None = None

    @property
    def client(self) -> Redis:
        if self._client is None:
            # Blocking: past MAX_CONNECTIONS a command waits for a free connection (redis-py's
            # default pool fails at once, "Too many connections", at 100: seen at 128 chats).
            pool = BlockingConnectionPool.from_url(
                self.url,
                max_connections=MAX_CONNECTIONS,
                timeout=POOL_WAIT_SECONDS,
                socket_timeout=SOCKET_TIMEOUT_SECONDS,
                socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
                retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
                health_check_interval=30,
            )
            self._client = Redis.from_pool(pool)
        return self._client

    def key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    async def start(self) -> None:
        """Nothing to open eagerly: a Redis that is down at startup must not stop the API (reads
        that need only the database keep working, and `/ready` says what is wrong)."""

    async def ping(self) -> None:
        async with translated("ping"):
            await self.client.ping()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


@contextlib.asynccontextmanager
async def translated(action: str) -> AsyncIterator[None]:
    """Turn redis-py's errors into `CoordinationUnavailable` (HTTP 503), naming the action."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise CoordinationUnavailable(
            f"run coordination (Redis) is unavailable while trying to {action}: {exc}"
        ) from exc
