"""Routes at the root (not under /api/v1): GET /metrics (Prometheus) and GET /ready (readiness).

/ready answers 200 only when the database accepts a write transaction, Redis answers (when
runs are coordinated through it) and every port has an adapter; otherwise 503 with the failing
checks, so an orchestrator holds traffic back.
"""

import asyncio
import sqlite3
from contextlib import closing
from typing import Any

from litestar import Response, Router, get

from movie_analyst.adapters.cached_media_catalog import CacheStats
from movie_analyst.adapters.prometheus_cache_collector import CacheReader
from movie_analyst.application.errors import CoordinationUnavailable
from movie_analyst.entrypoints.container import Container

WRITE_CHECK_TIMEOUT = 2.0


def build(container: Container) -> Router:
    container.metrics().watch_cache("catalog", catalog_cache_tallies(container))

    @get("/metrics", sync_to_thread=False)
    def metrics() -> Response[bytes]:
        body, content_type = container.metrics().exposition()
        return Response(body, media_type=content_type)

    @get("/ready")
    async def ready() -> Response[dict[str, Any]]:
        checks = {
            "database": await _database_check(container),
            **await _coordination_check(container),
            **adapters_configured(container),
        }
        ok = all(value == "ok" for value in checks.values())
        body = {"status": "ready" if ok else "not_ready", "checks": checks}
        return Response(body, status_code=200 if ok else 503)

    return Router(path="/", route_handlers=[metrics, ready], include_in_schema=False)


def catalog_cache_tallies(container: Container) -> CacheReader:
    """(hits, misses) of the live catalog's response cache; None for the offline catalog."""

    def read() -> tuple[int, int] | None:
        stats = getattr(container.media_catalog(), "stats", None)
        if not isinstance(stats, CacheStats):
            return None
        return stats.memory_hits + stats.store_hits + stats.coalesced, stats.upstream_calls

    return read


async def _database_check(container: Container) -> str:
    database = container.settings().database
    if database.engine == "sqlite":
        return await asyncio.to_thread(database_writable, database.location)
    writable = getattr(container.chat_repository(), "writable", None)
    return await writable() if writable else "error: the chat store cannot be checked"


async def _coordination_check(container: Container) -> dict[str, str]:
    """With Redis: "ok" when it answers a PING in time (runs cannot start without it)."""
    redis = container.runs.redis()
    if redis is None:
        return {}
    try:
        async with asyncio.timeout(WRITE_CHECK_TIMEOUT):
            await redis.ping()
    except CoordinationUnavailable as exc:
        return {"coordination": f"error: {exc}"}
    except TimeoutError:
        return {"coordination": f"error: Redis did not answer within {WRITE_CHECK_TIMEOUT:g} s"}
    return {"coordination": "ok"}


def database_writable(path: str) -> str:
    """ "ok" when a write transaction can start (then rolled back), else the reason."""
    try:
        with closing(sqlite3.connect(path, timeout=WRITE_CHECK_TIMEOUT)) as connection:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
    except sqlite3.Error as exc:
        return f"error: {exc}"
    return "ok"


def adapters_configured(container: Container) -> dict[str, str]:
    adapters = {
        "storage": container.chat_repository,
        "catalog": container.media_catalog,
        "llm": container.llm_gateway,
    }
    return {
        name: "ok" if _built(provider) else "not configured" for name, provider in adapters.items()
    }


def _built(provider: Any) -> bool:
    try:
        return provider() is not None
    except Exception:  # a provider that cannot build is exactly what /ready reports
        return False
