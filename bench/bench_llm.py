"""Remote LLM gateways: what the adapters add on top of the upstream.

1. Overhead per call: `complete()` against an in-process transport that answers at once, minus a
   bare `httpx` POST of the same body to the same transport (paired, interleaved runs), so only
   the adapter's own work remains (building the body, the retry wrapper, decoding, mapping).
2. First token forwarded: a loopback fake streams the first delta after a pause; the gap between
   the fake writing that chunk and `stream()` handing the text to its consumer.
"""

import asyncio
import time

import httpx

from bench.figures import Figure, p50, percentile
from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from tests.fakes.http.concentrate_server import FakeConcentrateServer, snapshot
from tests.fakes.http.llm_script import Reply, ScriptedLLMServer
from tests.fakes.http.openai_server import FakeOpenAIServer

CALLS = 400
STREAMS = 30
POLICY = RetryPolicy(attempts=3)
REQUEST = LLMRequest(
    messages=[
        ChatTurn(role="system", content="You are a film expert. " * 40),
        ChatTurn(role="user", content="Who directed Alien?"),
    ]
)
ANSWER = "Ridley Scott directed Alien (1979). " * 8
_CONCENTRATE_BODY = snapshot("openai/gpt-4o-mini", "completed", ANSWER)
_OPENAI_BODY = {
    "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}}],
    "usage": {"prompt_tokens": 200, "completion_tokens": 60},
}


def _instant(request: httpx.Request) -> httpx.Response:
    body = _CONCENTRATE_BODY if request.url.path.endswith("/responses") else _OPENAI_BODY
    return httpx.Response(200, json=body)


def _gateways(client: httpx.AsyncClient) -> dict[str, LLMGateway]:
    base = "http://upstream.test/v1"
    return {
        "concentrate": ConcentrateLLMGateway(
            client=client, api_key="k", base_url=base, policy=POLICY
        ),
        "openai": OpenAICompatibleLLMGateway(client=client, base_url=base, policy=POLICY),
    }


async def _overhead(name: str, gateway: LLMGateway, client: httpx.AsyncClient) -> Figure:
    path = "/v1/responses" if name == "concentrate" else "/v1/chat/completions"
    body = {
        "model": "m",
        "input": [{"role": t.role, "content": t.content} for t in REQUEST.messages],
    }
    samples = []
    for _ in range(CALLS):
        started = time.perf_counter()
        await gateway.complete(REQUEST)
        adapter = time.perf_counter() - started
        started = time.perf_counter()
        (await client.post(f"http://upstream.test{path}", json=body)).json()
        bare = time.perf_counter() - started
        samples.append((adapter - bare) * 1000)
    value = p50(samples)
    return Figure(
        area="llm",
        name=f"{name} adapter overhead per call (p50)",
        value=round(value, 3),
        unit="ms",
        target="<= 1 ms",
        met=value <= 1.0,
        note=f"{CALLS} calls; p95 {percentile(samples, 95):.3f} ms; upstream time excluded",
    )


async def _first_token(name: str, server: ScriptedLLMServer, gateway: LLMGateway) -> Figure:
    samples = []
    first_delta_chunk = 4 if name == "concentrate" else 1  # after the opening events
    for _ in range(STREAMS):
        server.push(Reply(text=ANSWER, token_delay=0.01))
        stream = gateway.stream(REQUEST)
        await anext(stream)  # type: ignore[call-overload]
        received = time.monotonic()
        await stream.aclose()  # type: ignore[attr-defined]
        written = server.completions[-1].chunk_times[first_delta_chunk]
        samples.append((received - written) * 1000)
    value = p50(samples)
    return Figure(
        area="llm",
        name=f"{name} first streamed token forwarded (p50)",
        value=round(value, 3),
        unit="ms",
        target="<= 5 ms",
        met=value <= 5.0,
        note=f"{STREAMS} streams over 127.0.0.1; p95 {percentile(samples, 95):.3f} ms",
    )


async def measure() -> list[Figure]:
    figures = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(_instant)) as client:
        for name, gateway in _gateways(client).items():
            await gateway.complete(REQUEST)  # warm-up
            figures.append(await _overhead(name, gateway, client))
    async with httpx.AsyncClient(timeout=5.0) as client:
        with FakeConcentrateServer() as concentrate, FakeOpenAIServer() as openai:
            gateways: dict[str, tuple[ScriptedLLMServer, LLMGateway]] = {
                "concentrate": (
                    concentrate,
                    ConcentrateLLMGateway(
                        client=client, api_key=concentrate.api_key, base_url=concentrate.base_url
                    ),
                ),
                "openai": (
                    openai,
                    OpenAICompatibleLLMGateway(client=client, base_url=openai.base_url),
                ),
            }
            for name, (server, gateway) in gateways.items():
                figures.append(await _first_token(name, server, gateway))
    return figures


if __name__ == "__main__":
    for figure in asyncio.run(measure()):
        print(figure)
