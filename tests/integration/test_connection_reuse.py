"""Every upstream call goes over a kept-alive pooled connection: the loopback fakes count the TCP
connections they accept, and in steady state at most one call in ten may open a new one."""

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest

from movie_analyst.adapters.api_client import ApiClient
from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tmdb_media_catalog import TmdbMediaCatalog
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.media import MediaKind
from tests.fakes.http.concentrate_server import FakeConcentrateServer
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.loopback import LoopbackServer
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.http.tmdb_server import FakeTmdbServer
from tests.support.catalog_servers import FAST_RETRIES, TEST_TOKEN, tmdb_server_fixture
from tests.support.llm_servers import QUESTION, collect

__all__ = ["tmdb_server_fixture"]

CONCURRENCY = 8
WAVES = 10  # steady state: CONCURRENCY * WAVES calls after the warm-up wave


async def new_connections(server: LoopbackServer, call: Callable[[], Awaitable[object]]) -> int:
    """TCP connections opened by WAVES waves of CONCURRENCY concurrent calls, after a warm-up."""
    await asyncio.gather(*(call() for _ in range(CONCURRENCY)))
    before = server.connections
    for _ in range(WAVES):
        await asyncio.gather(*(call() for _ in range(CONCURRENCY)))
    return server.connections - before


def pooled_client() -> httpx.AsyncClient:
    """As the server builds its upstream clients (entrypoints/choices.py)."""
    return ApiClient(timeout=2.0, transport=pool_transport(CONCURRENCY))


def concentrate(server: FakeConcentrateServer, client: httpx.AsyncClient) -> LLMGateway:
    return ConcentrateLLMGateway(
        client=client, api_key=server.api_key, base_url=server.base_url, policy=FAST_RETRIES
    )


def openai(server: FakeOpenAIServer, client: httpx.AsyncClient) -> LLMGateway:
    return OpenAICompatibleLLMGateway(client=client, base_url=server.base_url, policy=FAST_RETRIES)


@pytest.mark.parametrize("streamed", [True, False], ids=["stream", "complete"])
@pytest.mark.parametrize(
    ("server_type", "gateway_of"),
    [(FakeConcentrateServer, concentrate), (FakeOpenAIServer, openai)],
    ids=["concentrate", "openai"],
)
async def test_llm_calls_reuse_their_connections(
    server_type: type[FakeConcentrateServer | FakeOpenAIServer],
    gateway_of: Callable[..., LLMGateway],
    streamed: bool,
) -> None:
    with server_type() as server:
        server.default = Reply(text="Thought: done.\nAnswer: Alien (1979).")
        async with pooled_client() as client:
            gateway = gateway_of(server, client)

            async def call() -> object:
                if streamed:
                    return "".join(await collect(gateway.stream(QUESTION)))
                return await gateway.complete(QUESTION)

            opened = await new_connections(server, call)
    assert opened <= CONCURRENCY * WAVES / 10
    assert all(r.completed for r in server.completions)


async def test_an_abandoned_stream_drops_its_connection_and_the_next_call_still_works() -> None:
    with FakeOpenAIServer() as server:
        server.default = Reply(text="one two three four five six", token_delay=0.02)
        async with pooled_client() as client:
            gateway = openai(server, client)
            pieces = gateway.stream(QUESTION)
            await anext(aiter(pieces))
            await pieces.aclose()  # type: ignore[attr-defined]
            assert server.wait_for(lambda: server.completions[-1].aborted)
            server.default = Reply(text="fine")
            assert "".join(await collect(gateway.stream(QUESTION))) == "fine"


async def test_tmdb_calls_reuse_their_connections(tmdb_server: FakeTmdbServer) -> None:
    async with pooled_client() as http:
        client = TmdbClient(
            http=http, base_url=tmdb_server.base_url, api_key=TEST_TOKEN, policy=FAST_RETRIES
        )
        catalog = TmdbMediaCatalog(client, region="US")
        opened = await new_connections(tmdb_server, lambda: catalog.details(MediaKind.MOVIE, 12313))
    assert opened <= CONCURRENCY * WAVES / 10


@pytest.mark.parametrize("streamed", [True, False], ids=["stream", "complete"])
async def test_a_full_pool_reuses_every_connection_and_opens_no_more_than_its_size(
    streamed: bool,
) -> None:
    size = 24
    with FakeOpenAIServer() as server:
        server.default = Reply(text="Thought: done.\nAnswer: Alien (1979).", token_delay=0.01)
        async with httpx.AsyncClient(timeout=5.0, transport=pool_transport(size)) as client:
            gateway = openai(server, client)

            async def call() -> object:
                if streamed:
                    return "".join(await collect(gateway.stream(QUESTION)))
                return await gateway.complete(QUESTION)

            await asyncio.gather(*(call() for _ in range(2 * size)))  # more calls than room
            assert server.connections <= size  # the rest waited for a free connection
            before = server.connections
            for _ in range(WAVES):
                await asyncio.gather(*(call() for _ in range(size)))
            assert server.connections - before <= size * WAVES / 10
            for _ in range(5):  # one call at a time: one kept-alive connection serves them
                await call()
            assert server.connections - before <= size * WAVES / 10
