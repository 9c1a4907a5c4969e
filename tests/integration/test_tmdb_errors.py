"""TMDB error modes: credentials, 401/422 bodies, 429 with and without Retry-After, 5xx, hangs."""

import asyncio
import time

import httpx
import pytest

from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.application.errors import (
    LiveDataUnavailable,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from movie_analyst.domain.media import MediaKind, SearchKind, TimeWindow
from tests.fakes.http.catalog_fixtures import Fault
from tests.fakes.http.tmdb_server import INVALID_KEY, FakeTmdbServer
from tests.support.catalog_servers import (
    TEST_KEY,
    TEST_TOKEN,
    tmdb_catalog,
    tmdb_server_fixture,  # noqa: F401
)

# The observed 2017 body (no `success` key); see TMDB-TVMAZE.md 1.2.
RATE_LIMITED = {
    "status_code": 25,
    "status_message": "Your request count (46) is over the allowed limit of 40.",
}


async def test_v3_key_goes_in_the_query_and_v4_token_in_a_header(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server, api_key=TEST_KEY) as catalog:
        await catalog.genres(MediaKind.TV)
    async with tmdb_catalog(tmdb_server, api_key=TEST_TOKEN) as catalog:
        await catalog.genres(MediaKind.TV)
    by_key, by_token = tmdb_server.requests
    assert "api_key=test-v3-key" in by_key.path and "authorization" not in by_key.headers
    assert by_token.headers["authorization"] == f"Bearer {TEST_TOKEN}"
    assert "api_key" not in by_token.path


async def test_invalid_key_is_an_auth_error_naming_the_setting(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server, api_key=INVALID_KEY) as catalog:
        with pytest.raises(UpstreamAuthError, match="TMDB_API_KEY") as caught:
            await catalog.popular(MediaKind.MOVIE)
    assert "Invalid API key" in str(caught.value)
    assert len(tmdb_server.requests) == 1  # never retried


async def test_validation_error_becomes_a_sentence_for_the_model(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        with pytest.raises(LiveDataUnavailable, match="query must be provided"):
            await catalog._tmdb.get("/search/movie", {"query": ""})


@pytest.mark.parametrize("headers", [{"Retry-After": "0"}, {}])
async def test_429_is_retried_with_or_without_retry_after(
    tmdb_server: FakeTmdbServer, headers: dict[str, str]
) -> None:
    tmdb_server.push(Fault(status=429, body=RATE_LIMITED, headers=headers))
    async with tmdb_catalog(tmdb_server) as catalog:
        page = await catalog.popular(MediaKind.MOVIE)
    assert page.items and len(tmdb_server.requests) == 2


async def test_long_retry_after_fails_at_once_with_the_wait(tmdb_server: FakeTmdbServer) -> None:
    tmdb_server.push(Fault(status=429, body=RATE_LIMITED, headers={"Retry-After": "30"}))
    async with tmdb_catalog(tmdb_server) as catalog:
        with pytest.raises(UpstreamRateLimited) as caught:
            await catalog.popular(MediaKind.MOVIE)
    assert caught.value.retry_after == 30 and len(tmdb_server.requests) == 1


async def test_persistent_5xx_gives_up_after_the_bounded_attempts(
    tmdb_server: FakeTmdbServer,
) -> None:
    tmdb_server.push(*[Fault(status=503)] * 3)
    async with tmdb_catalog(tmdb_server) as catalog:
        with pytest.raises(UpstreamUnavailable, match="TMDB"):
            await catalog.top_rated(MediaKind.TV)
    assert len(tmdb_server.requests) == 3


async def test_a_transient_5xx_is_invisible(tmdb_server: FakeTmdbServer) -> None:
    tmdb_server.push(Fault(status=502))
    async with tmdb_catalog(tmdb_server) as catalog:
        assert await catalog.details(MediaKind.MOVIE, 550) is not None


async def test_a_hanging_upstream_times_out(tmdb_server: FakeTmdbServer) -> None:
    tmdb_server.push(Fault(hang=5.0))
    started = time.monotonic()
    async with tmdb_catalog(tmdb_server, policy=RetryPolicy(attempts=1), http_timeout=0.3) as c:
        with pytest.raises(UpstreamTimeout):
            await c.upcoming()
    assert time.monotonic() - started < 3.0


async def test_at_most_max_concurrency_requests_are_in_flight(
    tmdb_server: FakeTmdbServer,
) -> None:
    tmdb_server.push(*[Fault(hang=5.0)] * 4)
    async with httpx.AsyncClient(timeout=0.4, transport=pool_transport(8)) as http:
        client = TmdbClient(http=http, base_url=tmdb_server.base_url, api_key=TEST_TOKEN,
                            policy=RetryPolicy(attempts=1), max_concurrency=2)  # fmt: skip
        calls = [asyncio.ensure_future(client.get(f"/movie/{i}")) for i in range(4)]
        for _ in range(200):  # the sync `wait_for` would block this loop's tasks
            if len(tmdb_server.requests) >= 2:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.15)
        assert len(tmdb_server.requests) == 2  # the other two wait for a slot
        results = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(r, UpstreamTimeout) for r in results)
    assert len(tmdb_server.requests) == 4


@pytest.mark.parametrize(
    "body",
    [
        {"title": "A film without an id"},
        {"id": "not-a-number", "title": "Alien"},
    ],
)
async def test_a_200_in_a_shape_we_cannot_read_is_a_clear_upstream_error(
    tmdb_server: FakeTmdbServer, body: object
) -> None:
    tmdb_server.push(Fault(status=200, body=body))
    async with tmdb_catalog(tmdb_server) as catalog:
        with pytest.raises(UpstreamBadResponse, match="TMDB sent data in a shape") as caught:
            await catalog.details(MediaKind.MOVIE, 348)
    assert caught.value.upstream == "TMDB"


async def test_unreadable_list_entries_are_skipped_not_fatal(tmdb_server: FakeTmdbServer) -> None:
    tmdb_server.push(Fault(status=200, body={"results": [None, {"media_type": "movie"}]}))
    async with tmdb_catalog(tmdb_server) as catalog:
        page = await catalog.trending(SearchKind.MULTI, TimeWindow.WEEK)
    assert page.items == []
