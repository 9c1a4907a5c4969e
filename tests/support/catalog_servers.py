"""Fixtures and builders for the live-catalog tests. Import what you need into a test module:

    from tests.support.catalog_servers import tmdb_server_fixture  # noqa: F401

(fixtures are registered under the names `tmdb_server` / `tvmaze_server`; importing the
function under another name keeps ruff from reading the test parameter as a redefinition).

Servers are fresh per test (function scope) and run in their own thread on 127.0.0.1.
`tmdb_catalog(server)` / `tvmaze_catalog(server)` build adapters with fast retries and a short
timeout, so fault tests stay well under a second.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest

from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tmdb_media_catalog import TmdbMediaCatalog
from movie_analyst.adapters.tvmaze_episodes import TvmazeEpisodes
from tests.fakes.http.tmdb_server import FakeTmdbServer
from tests.fakes.http.tvmaze_server import FakeTvmazeServer

FAST_RETRIES = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.5)
TEST_KEY = "test-v3-key"
TEST_TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-read-access-token"


@pytest.fixture(name="tmdb_server")
def tmdb_server_fixture() -> Iterator[FakeTmdbServer]:
    with FakeTmdbServer() as server:
        yield server


@pytest.fixture(name="tvmaze_server")
def tvmaze_server_fixture() -> Iterator[FakeTvmazeServer]:
    with FakeTvmazeServer() as server:
        yield server


@asynccontextmanager
async def tmdb_catalog(
    server: FakeTmdbServer,
    *,
    api_key: str = TEST_TOKEN,
    policy: RetryPolicy = FAST_RETRIES,
    http_timeout: float = 2.0,
) -> AsyncIterator[TmdbMediaCatalog]:
    async with httpx.AsyncClient(timeout=http_timeout, transport=pool_transport(8)) as http:
        client = TmdbClient(http=http, base_url=server.base_url, api_key=api_key, policy=policy)
        yield TmdbMediaCatalog(client, region="US")


@asynccontextmanager
async def tvmaze_catalog(
    server: FakeTvmazeServer, *, policy: RetryPolicy = FAST_RETRIES, http_timeout: float = 2.0
) -> AsyncIterator[TvmazeEpisodes]:
    async with httpx.AsyncClient(
        timeout=http_timeout, follow_redirects=True, transport=pool_transport(8)
    ) as http:
        yield TvmazeEpisodes(http=http, base_url=server.origin, policy=policy)
