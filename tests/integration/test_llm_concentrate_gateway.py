"""Contract tests: ConcentrateLLMGateway against the loopback fake built from CONCENTRATE.md."""

import asyncio
import time

import httpx
import pytest

from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.application.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from movie_analyst.domain.llm import LLMRequest
from tests.fakes.http.concentrate_server import FakeConcentrateServer
from tests.fakes.http.llm_script import Reply
from tests.support.llm_servers import FAST_RETRIES, QUESTION, client, collect, concentrate_server

__all__ = ["client", "concentrate_server"]

TEXT = "Ridley Scott directed Alien in 1979."


@pytest.fixture
def gateway(
    concentrate_server: FakeConcentrateServer, client: httpx.AsyncClient
) -> ConcentrateLLMGateway:
    concentrate_server.default = Reply(text=TEXT)
    return ConcentrateLLMGateway(
        client=client,
        api_key=concentrate_server.api_key,
        base_url=concentrate_server.base_url,
        default_model="openai/gpt-4o-mini",
        max_output_tokens=256,
        policy=FAST_RETRIES,
    )


async def test_complete_sends_the_documented_request_and_reads_text_by_type(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    reply = await gateway.complete(QUESTION)

    assert reply.text == TEXT
    assert reply.model == "openai/gpt-4o-mini"
    assert reply.input_tokens == 12 and reply.output_tokens == 6
    sent = concentrate_server.completions[-1]
    assert sent.path == "/v1/responses"
    assert sent.headers["authorization"] == f"Bearer {concentrate_server.api_key}"
    assert sent.body == {
        "model": "openai/gpt-4o-mini",
        "input": [
            {"role": "system", "content": "You are a film expert."},
            {"role": "user", "content": "Who directed Alien?"},
        ],
        "stream": False,
        "max_output_tokens": 256,
        "tool_choice": "none",
    }


async def test_per_request_model_and_auto_pass_through(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    request = LLMRequest(messages=QUESTION.messages, model="auto", temperature=0.2)
    reply = await gateway.complete(request)

    assert concentrate_server.completions[-1].body["model"] == "auto"
    assert concentrate_server.completions[-1].body["temperature"] == 0.2
    assert reply.model == "openai/gpt-4o-mini"  # the gateway answers with the concrete model


async def test_stream_yields_deltas_that_add_up_to_the_complete_text(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    pieces = await collect(gateway.stream(QUESTION))

    assert len(pieces) > 1
    assert "".join(pieces) == (await gateway.complete(QUESTION)).text
    assert concentrate_server.completions[0].body["stream"] is True
    assert concentrate_server.completions[0].completed


@pytest.mark.parametrize("fault", ["truncated", "eof", "empty"])
async def test_a_stream_without_text_falls_back_once_to_a_whole_reply(
    fault: str, gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(mode=fault), Reply(text="From the fallback."))  # type: ignore[arg-type]

    pieces = await collect(gateway.stream(QUESTION))

    assert pieces == ["From the fallback."]
    assert [r.body["stream"] for r in concentrate_server.completions] == [True, False]


async def test_the_fallback_happens_only_once(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(mode="truncated"), Reply(mode="empty"))

    with pytest.raises(UpstreamBadResponse, match="empty answer"):
        await collect(gateway.stream(QUESTION))
    assert len(concentrate_server.completions) == 2


async def test_a_stream_cut_after_text_raises_without_fallback(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(text=TEXT, mode="midstream_eof"))
    seen: list[str] = []

    with pytest.raises(UpstreamUnavailable, match="broke off"):
        async for piece in gateway.stream(QUESTION):
            seen.append(piece)
    assert seen and TEXT.startswith("".join(seen))
    assert len(concentrate_server.completions) == 1


@pytest.mark.parametrize(
    ("fault", "detail"), [("failed", "server_error"), ("error_event", "provider_error")]
)
async def test_failure_events_end_the_stream_with_their_code(
    fault: str,
    detail: str,
    gateway: ConcentrateLLMGateway,
    concentrate_server: FakeConcentrateServer,
) -> None:
    concentrate_server.push(Reply(text=TEXT, mode=fault))  # type: ignore[arg-type]

    with pytest.raises(UpstreamUnavailable, match=detail):
        await collect(gateway.stream(QUESTION))


async def test_incomplete_replies_keep_the_partial_text(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(
        Reply(text=TEXT, mode="incomplete"), Reply(text=TEXT, mode="incomplete")
    )

    streamed = "".join(await collect(gateway.stream(QUESTION)))
    whole = (await gateway.complete(QUESTION)).text

    assert streamed == whole == "Ridley Scott directed"


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (401, UpstreamAuthError, "check CONCENTRATE_API_KEY"),
        (402, UpstreamAuthError, "add credits"),
        (424, UpstreamUnavailable, "model openai/gpt-4o-mini errored"),
        (400, UpstreamError, "Bad Request: Missing required field"),
    ],
)
async def test_errors_that_retrying_cannot_fix_fail_at_once(
    status: int,
    error: type[Exception],
    words: str,
    gateway: ConcentrateLLMGateway,
    concentrate_server: FakeConcentrateServer,
) -> None:
    concentrate_server.push(Reply.http_error(status))

    with pytest.raises(error, match=words):
        await collect(gateway.stream(QUESTION))
    assert len(concentrate_server.completions) == 1


async def test_a_wrong_key_is_refused_by_the_gateway(
    concentrate_server: FakeConcentrateServer, client: httpx.AsyncClient
) -> None:
    wrong = ConcentrateLLMGateway(
        client=client, api_key="sk-cn-wrong", base_url=concentrate_server.base_url
    )
    with pytest.raises(UpstreamAuthError, match="Invalid API key"):
        await wrong.complete(QUESTION)


async def test_nested_error_bodies_are_understood(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    nested = {"error": {"type": "invalid_request_error", "message": "ZDR has no eligible route"}}
    concentrate_server.push(Reply.http_error(422, body=nested))

    with pytest.raises(UpstreamError, match="ZDR has no eligible route"):
        await gateway.complete(QUESTION)


async def test_rate_limits_and_server_errors_are_retried_honouring_retry_after(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply.http_error(429, retry_after=0.2), Reply.http_error(500))
    started = time.monotonic()

    reply = await gateway.complete(QUESTION)

    assert reply.text == TEXT
    assert len(concentrate_server.completions) == 3
    assert time.monotonic() - started >= 0.2  # the server's pause, not the 10 ms backoff


async def test_retries_are_bounded(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(*[Reply.http_error(503)] * 5)

    with pytest.raises(UpstreamUnavailable, match="HTTP 503"):
        await gateway.complete(QUESTION)
    assert len(concentrate_server.completions) == FAST_RETRIES.attempts


async def test_a_long_retry_after_is_reported_not_waited_out(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply.http_error(429))  # body retry_after 60, no header

    with pytest.raises(UpstreamRateLimited) as caught:
        await gateway.complete(QUESTION)
    assert caught.value.retry_after == 60
    assert len(concentrate_server.completions) == 1


async def test_a_slow_upstream_is_waited_for(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(text=TEXT, delay=0.2, token_delay=0.01))

    assert "".join(await collect(gateway.stream(QUESTION))) == TEXT


async def test_a_hung_upstream_times_out_once_and_the_request_is_dropped(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(mode="hang"))

    with pytest.raises(UpstreamTimeout):
        await gateway.complete(QUESTION)
    assert len(concentrate_server.completions) == 1  # a read timeout is not retried
    assert concentrate_server.wait_for(lambda: concentrate_server.completions[0].aborted)


async def test_a_stream_that_hangs_mid_answer_times_out(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(text=TEXT, mode="hang_midstream"))

    with pytest.raises(UpstreamTimeout):
        await collect(gateway.stream(QUESTION))


@pytest.mark.parametrize("streaming", [False, True])
async def test_malformed_json_is_a_bad_response(
    streaming: bool, gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(mode="malformed"))

    with pytest.raises(UpstreamBadResponse, match="not valid JSON"):
        if streaming:
            await collect(gateway.stream(QUESTION))
        else:
            await gateway.complete(QUESTION)


async def test_closing_the_stream_early_aborts_the_upstream_request(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(text=TEXT, token_delay=0.2))
    stream = gateway.stream(QUESTION)

    assert await anext(stream)
    await stream.aclose()  # type: ignore[attr-defined]

    assert concentrate_server.wait_for(lambda: concentrate_server.completions[0].aborted)
    assert not concentrate_server.completions[0].completed


async def test_cancelling_the_consumer_aborts_the_upstream_request(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(text=TEXT, token_delay=0.2))
    first = asyncio.Event()

    async def consume() -> None:
        async for _ in gateway.stream(QUESTION):
            first.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first.wait(), 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert concentrate_server.wait_for(lambda: concentrate_server.completions[0].aborted)


@pytest.mark.parametrize("shape", ["array", "data"])
async def test_models_are_listed_from_either_shape_with_auto_first(
    shape: str, gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.models_shape = shape  # type: ignore[assignment]

    models = await gateway.list_models()

    assert [m.id for m in models] == ["auto", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro"]
    assert {m.provider for m in models} == {"concentrate"}
    assert models[1].name != ""


async def test_a_failing_model_list_raises_an_upstream_error(
    gateway: ConcentrateLLMGateway, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.models_reply = Reply.http_error(500)

    with pytest.raises(UpstreamUnavailable):
        await gateway.list_models()
