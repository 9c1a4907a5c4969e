"""LiveMediaCatalog: TMDB answers, TVMaze fills schedules and missing next episodes."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.live_media_catalog import LiveMediaCatalog
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tvmaze_episodes import TvmazeEpisodes
from movie_analyst.domain.media import MediaKind
from tests.fakes.http.catalog_fixtures import Fault
from tests.fakes.http.tmdb_server import NO_NEXT_EPISODE_ID, FakeTmdbServer
from tests.fakes.http.tvmaze_server import FakeTvmazeServer
from tests.support.catalog_servers import (
    FAST_RETRIES,
    TEST_TOKEN,
    tmdb_server_fixture,  # noqa: F401
    tvmaze_server_fixture,  # noqa: F401
)


@asynccontextmanager
async def live(tmdb: FakeTmdbServer, tvmaze: FakeTvmazeServer) -> AsyncIterator[LiveMediaCatalog]:
    async with httpx.AsyncClient(
        timeout=2.0, follow_redirects=True, transport=pool_transport(8)
    ) as http:
        client = TmdbClient(
            http=http, base_url=tmdb.base_url, api_key=TEST_TOKEN, policy=FAST_RETRIES
        )
        maze = TvmazeEpisodes(http=http, base_url=tvmaze.origin, policy=FAST_RETRIES)
        yield LiveMediaCatalog(client, maze, region="US")


async def test_schedules_come_from_tvmaze(
    tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    async with live(tmdb_server, tvmaze_server) as catalog:
        episodes = await catalog.schedule("US")
    assert episodes and tmdb_server.requests == []
    assert {c.path for c in tvmaze_server.parsed()} == {"/schedule", "/schedule/web"}


async def test_tmdb_next_episode_needs_no_tvmaze(
    tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    async with live(tmdb_server, tvmaze_server) as catalog:
        upcoming = await catalog.next_episode(1399)
    assert upcoming is not None and upcoming.name == "The Iron Throne"
    assert tvmaze_server.requests == []


async def test_tvmaze_fills_a_next_episode_tmdb_lacks(
    tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    async with live(tmdb_server, tvmaze_server) as catalog:
        upcoming = await catalog.next_episode(NO_NEXT_EPISODE_ID)
    assert upcoming is not None and upcoming.show_title == "Silicon Valley"
    assert tvmaze_server.parsed()[0].query == {"imdb": "tt2575988"}


async def test_a_failing_tvmaze_fallback_is_no_next_episode(
    tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    tvmaze_server.push(*[Fault(status=503)] * 3)
    async with live(tmdb_server, tvmaze_server) as catalog:
        assert await catalog.next_episode(NO_NEXT_EPISODE_ID) is None
        assert await catalog.details(MediaKind.MOVIE, 550) is not None  # TMDB unaffected


async def test_attribution_credits_both_sources(
    tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    async with live(tmdb_server, tvmaze_server) as catalog:
        text = catalog.attribution
    assert "This product uses the TMDB API but is not endorsed or certified by TMDB" in text
    assert "TVMaze" in text and "CC BY-SA" in text
