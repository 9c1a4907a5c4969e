"""Contract tests: OpenAICompatibleLLMGateway against the loopback OpenAI-compatible fake."""

import asyncio

import anyio
import httpx
import pytest

from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.application.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.llm_servers import FAST_RETRIES, QUESTION, client, collect, openai_server

__all__ = ["client", "openai_server"]

TEXT = "Alien (1979) was directed by Ridley Scott."


def make_gateway(
    server: FakeOpenAIServer, client: httpx.AsyncClient, api_key: str | None = None
) -> OpenAICompatibleLLMGateway:
    return OpenAICompatibleLLMGateway(
        client=client,
        base_url=server.base_url,
        api_key=api_key,
        default_model="llama3.1:8b",
        max_output_tokens=128,
        policy=FAST_RETRIES,
    )


@pytest.fixture
def gateway(
    openai_server: FakeOpenAIServer, client: httpx.AsyncClient
) -> OpenAICompatibleLLMGateway:
    openai_server.default = Reply(text=TEXT)
    return make_gateway(openai_server, client)


async def test_complete_sends_chat_completions_without_a_key(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    reply = await gateway.complete(QUESTION)

    assert (reply.text, reply.model) == (TEXT, "llama3.1:8b")
    assert reply.output_tokens == 7
    sent = openai_server.completions[-1]
    assert sent.path == "/v1/chat/completions"
    assert "authorization" not in sent.headers
    assert sent.body["messages"][1] == {"role": "user", "content": "Who directed Alien?"}
    assert (sent.body["model"], sent.body["stream"], sent.body["max_tokens"]) == (
        "llama3.1:8b",
        False,
        128,
    )


async def test_a_key_is_sent_as_bearer_and_a_wrong_one_is_an_auth_error(
    client: httpx.AsyncClient,
) -> None:
    with FakeOpenAIServer(api_key="sk-right") as server:
        assert (await make_gateway(server, client, "sk-right").complete(QUESTION)).text
        with pytest.raises(UpstreamAuthError, match="check OPENAI_API_KEY"):
            await make_gateway(server, client, "sk-wrong").complete(QUESTION)


async def test_stream_reads_chunks_until_done(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    pieces = await collect(gateway.stream(QUESTION))

    assert len(pieces) > 1 and "".join(pieces) == TEXT
    assert openai_server.completions[0].body["stream"] is True
    assert len(openai_server.completions) == 1


@pytest.mark.parametrize("fault", ["truncated", "eof", "empty"])
async def test_a_stream_without_text_falls_back_once(
    fault: str, gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(mode=fault), Reply(text="Fallback."))  # type: ignore[arg-type]

    assert await collect(gateway.stream(QUESTION)) == ["Fallback."]
    assert [r.body["stream"] for r in openai_server.completions] == [True, False]


@pytest.mark.parametrize("fault", ["failed", "error_event"])
async def test_an_error_inside_the_stream_is_raised(
    fault: str, gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, mode=fault))  # type: ignore[arg-type]

    with pytest.raises(UpstreamUnavailable, match="server had an error"):
        await collect(gateway.stream(QUESTION))


async def test_a_cut_stream_after_text_raises(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, mode="midstream_eof"))

    with pytest.raises(UpstreamUnavailable, match="broke off"):
        await collect(gateway.stream(QUESTION))
    assert len(openai_server.completions) == 1


async def test_rate_limits_and_5xx_are_retried_then_reported(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(429, retry_after=0.05), Reply.http_error(502))
    assert (await gateway.complete(QUESTION)).text == TEXT
    assert len(openai_server.completions) == 3

    openai_server.push(*[Reply.http_error(429, retry_after=0.01)] * 3)
    with pytest.raises(UpstreamRateLimited, match="Rate limit reached") as caught:
        await collect(gateway.stream(QUESTION))
    assert caught.value.retry_after == pytest.approx(0.01)


@pytest.mark.parametrize("status", [401, 402, 424])
async def test_auth_credit_and_model_errors_are_not_retried(
    status: int, gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply.http_error(status))

    with pytest.raises((UpstreamAuthError, UpstreamUnavailable)):
        await gateway.complete(QUESTION)
    assert len(openai_server.completions) == 1


async def test_a_hung_server_times_out(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(mode="hang"), Reply(text=TEXT, mode="hang_midstream"))

    with pytest.raises(UpstreamTimeout):
        await collect(gateway.stream(QUESTION))
    with pytest.raises(UpstreamTimeout):
        await collect(gateway.stream(QUESTION))


@pytest.mark.parametrize("streaming", [False, True])
async def test_malformed_json_is_a_bad_response(
    streaming: bool, gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, mode="malformed"))

    with pytest.raises(UpstreamBadResponse):
        if streaming:
            await collect(gateway.stream(QUESTION))
        else:
            await gateway.complete(QUESTION)


async def test_closing_the_stream_early_aborts_the_upstream_request(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, token_delay=0.2))
    stream = gateway.stream(QUESTION)

    assert await anext(stream)
    await stream.aclose()  # type: ignore[attr-defined]

    assert openai_server.wait_for(lambda: openai_server.completions[0].aborted)


async def test_cancelling_the_consumer_aborts_the_upstream_request(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, token_delay=0.2))
    first = asyncio.Event()

    async def consume() -> None:
        async for _ in gateway.stream(QUESTION):
            first.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first.wait(), 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert openai_server.wait_for(lambda: openai_server.completions[0].aborted)


async def test_models_come_from_the_models_endpoint(gateway: OpenAICompatibleLLMGateway) -> None:
    models = await gateway.list_models()

    assert [(m.id, m.provider) for m in models] == [
        ("gpt-4o-mini", "openai"),
        ("llama3.1:8b", "openai"),
    ]


async def test_an_anyio_cancel_scope_around_the_consumer_aborts_the_upstream_request(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    # Litestar cancels an SSE body this way on client disconnect: every later await is cancelled.
    openai_server.push(Reply(text=TEXT, token_delay=0.2))
    with anyio.CancelScope() as scope:
        async for _ in gateway.stream(QUESTION):
            scope.cancel()

    assert openai_server.wait_for(lambda: openai_server.completions[0].aborted)


async def test_closing_the_stream_inside_a_cancelled_scope_still_aborts_the_upstream(
    gateway: OpenAICompatibleLLMGateway, openai_server: FakeOpenAIServer
) -> None:
    openai_server.push(Reply(text=TEXT, token_delay=0.2))
    stream = gateway.stream(QUESTION)
    assert await anext(stream)

    with anyio.CancelScope() as scope:
        scope.cancel()
        await stream.aclose()  # type: ignore[attr-defined]

    assert openai_server.wait_for(lambda: openai_server.completions[0].aborted)
