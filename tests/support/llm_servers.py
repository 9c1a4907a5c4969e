"""Start/stop fixtures for the fake LLM servers. Import the ones you need into a conftest or test:

    from tests.support.llm_servers import openai_server, concentrate_server  # noqa: F401

Each fixture yields a fresh, started server (function scope) and stops it afterwards; the server
runs in its own thread, so it works from sync and async tests and for child processes.
"""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from tests.fakes.http.concentrate_server import FakeConcentrateServer
from tests.fakes.http.openai_server import FakeOpenAIServer


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """A client with a short timeout, so slow and hung upstreams fail fast in tests."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.5), transport=pool_transport(8)) as http:
        yield http


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def concentrate_server() -> Iterator[FakeConcentrateServer]:
    with FakeConcentrateServer() as server:
        yield server


# Retries fast enough for tests, still exponential and still bounded.
FAST_RETRIES = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.5)

QUESTION = LLMRequest(
    messages=[
        ChatTurn(role="system", content="You are a film expert."),
        ChatTurn(role="user", content="Who directed Alien?"),
    ]
)


async def collect(pieces: AsyncIterator[str]) -> list[str]:
    return [piece async for piece in pieces]
