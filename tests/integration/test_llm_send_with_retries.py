"""send_with_retries against real sockets on 127.0.0.1 (the scripted OpenAI fake)."""

import socket
import time

import httpx
import pytest

from movie_analyst.adapters.http_support import RetryPolicy, send_with_retries
from movie_analyst.application.errors import (
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.llm_servers import client, openai_server

__all__ = ["client", "openai_server"]

POLICY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=1.0)
BODY = {"model": "m", "messages": []}


async def post(client: httpx.AsyncClient, url: str, **options: object) -> httpx.Response:
    options = {"policy": POLICY, "upstream": "Fake", **options}
    return await send_with_retries(
        client,
        lambda: client.build_request("POST", url, json=BODY),
        **options,  # type: ignore[arg-type]
    )


async def test_statuses_it_does_not_retry_are_returned(
    client: httpx.AsyncClient, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(404))
    response = await post(client, f"{openai_server.base_url}/chat/completions")
    assert response.status_code == 404
    assert len(openai_server.requests) == 1


async def test_a_server_pause_is_honoured_when_it_fits_the_policy(
    client: httpx.AsyncClient, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(429, retry_after=0.3))
    started = time.monotonic()

    response = await post(client, f"{openai_server.base_url}/chat/completions")

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


async def test_a_pause_longer_than_the_policy_fails_at_once(
    client: httpx.AsyncClient, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(429, retry_after=30))

    with pytest.raises(UpstreamRateLimited, match="retry after 30 s") as caught:
        await post(client, f"{openai_server.base_url}/chat/completions")
    assert caught.value.retry_after == 30 and caught.value.upstream == "Fake"


async def test_a_stream_is_returned_open_after_retries(
    client: httpx.AsyncClient, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(500))
    url = f"{openai_server.base_url}/chat/completions"

    response = await post(client, url, stream=True)
    try:
        assert response.status_code == 200 and not response.is_closed
    finally:
        await response.aclose()
    assert len(openai_server.requests) == 2


async def test_refused_connections_are_retried_then_unavailable(client: httpx.AsyncClient) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(UpstreamUnavailable, match="could not be reached"):
        await post(client, f"http://127.0.0.1:{port}/x")


async def test_read_timeouts_are_retried_only_when_allowed(
    client: httpx.AsyncClient, openai_server: FakeOpenAIServer
) -> None:
    url = f"{openai_server.base_url}/chat/completions"
    openai_server.push(Reply(mode="hang"))
    with pytest.raises(UpstreamTimeout):
        await post(client, url, retry_on_timeout=False)
    assert len(openai_server.requests) == 1

    openai_server.push(Reply(mode="hang"))
    assert (await post(client, url)).status_code == 200  # retried: hang, then the default reply
    assert len(openai_server.requests) == 3
