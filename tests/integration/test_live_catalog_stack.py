"""The wired live stack (container -> cache -> TMDB + TVMaze) against the loopback fakes:
one upstream request per distinct call, kept across a restart."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import msgspec

from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.application.media_tools import call_tool
from movie_analyst.domain.media import MediaKind
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.lifecycle import running
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.http.tmdb_server import FakeTmdbServer
from tests.fakes.http.tvmaze_server import FakeTvmazeServer
from tests.support.catalog_servers import (
    TEST_TOKEN,
    tmdb_server_fixture,  # noqa: F401
    tvmaze_server_fixture,  # noqa: F401
)


@asynccontextmanager
async def wired(
    tmp_path: Path, tmdb: FakeTmdbServer, tvmaze: FakeTvmazeServer
) -> AsyncIterator[CachedMediaCatalog]:
    env = {"DATABASE_PATH": str(tmp_path / "chat.db"), "TMDB_API_KEY": TEST_TOKEN,
           "TMDB_BASE_URL": tmdb.base_url, "TVMAZE_BASE_URL": tvmaze.origin,
           "HTTP_TIMEOUT": "2", "HTTP_RETRIES": "1"}  # fmt: skip
    settings = load_settings(env, dotenv=None)
    container = Container(settings=settings)
    container.runs_opened.override(None)  # the catalog alone: no agent, no chat database
    container.chat_repository_opened.override(None)
    async with running(container):
        catalog = container.media_catalog()
        assert isinstance(catalog, CachedMediaCatalog)
        yield catalog


async def test_tool_calls_reach_upstream_once_even_after_a_restart(
    tmp_path: Path, tmdb_server: FakeTmdbServer, tvmaze_server: FakeTvmazeServer
) -> None:
    async with wired(tmp_path, tmdb_server, tvmaze_server) as catalog:
        for _ in range(3):
            found = await call_tool(catalog, "get_details", {"kind": "movie", "id": 550})
            await call_tool(catalog, "tv_schedule", {"country": "US", "date": "2024-03-17"})
        # The fake serves the recorded appended body whatever the id (Rock Crystal, 12313).
        assert msgspec.json.decode(found)["title"] == "Rock Crystal"
    assert (tmp_path / "chat-cache.db").is_file()
    async with wired(tmp_path, tmdb_server, tvmaze_server) as catalog:
        await catalog.details(MediaKind.MOVIE, 550)
        await catalog.schedule("US", "2024-03-17")
    assert len(tmdb_server.requests) == 1
    assert len(tvmaze_server.requests) == 2  # /schedule and /schedule/web, once each
