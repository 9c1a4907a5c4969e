"""`AGENT_ENGINE=tools`: the model's native tool calling through the real gateways, against the
loopback fakes built from CONCENTRATE.md and the OpenAI chat-completions format."""

import asyncio
from collections.abc import Callable

import httpx
import pytest

from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index_tools_agent import LlamaIndexToolsAgent
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.application.errors import AgentGaveUp
from movie_analyst.application.ports.agent import AgentEvent, AgentFinal
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.run_event import AnswerToken, ToolStep
from tests.fakes.http.concentrate_server import FakeConcentrateServer
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.llm_servers import FAST_RETRIES

SEARCH = Reply(text="", tool_calls=[{"name": "search_media", "arguments": {"query": "Alien"}}])
ANSWER = Reply(text="Alien (1979) was directed by Ridley Scott.")


def concentrate(server: FakeConcentrateServer, client: httpx.AsyncClient) -> LLMGateway:
    return ConcentrateLLMGateway(
        client=client, api_key=server.api_key, base_url=server.base_url, policy=FAST_RETRIES
    )


def openai(server: FakeOpenAIServer, client: httpx.AsyncClient) -> LLMGateway:
    return OpenAICompatibleLLMGateway(client=client, base_url=server.base_url, policy=FAST_RETRIES)


def agent(gateway: LLMGateway, max_iterations: int = 4) -> LlamaIndexToolsAgent:
    return LlamaIndexToolsAgent(
        gateway=gateway,
        catalog=FakeMediaCatalog(),
        max_iterations=max_iterations,
        mimic=MimicStreaming(batch_words=3, delay_seconds=0.001),
        memory_token_limit=4000,
    )


async def run(tools_agent: LlamaIndexToolsAgent, stream: bool = True) -> list[AgentEvent]:
    async with asyncio.timeout(10):
        pieces = tools_agent.run(
            history=[], message="Who directed Alien?", model=None, stream=stream
        )
        return [event async for event in pieces]


SERVERS = pytest.mark.parametrize(
    ("server_type", "gateway_of"),
    [(FakeConcentrateServer, concentrate), (FakeOpenAIServer, openai)],
    ids=["concentrate", "openai"],
)


@SERVERS
@pytest.mark.parametrize("stream", [True, False], ids=["stream", "whole"])
async def test_a_native_tool_call_then_the_answer(
    server_type: type[FakeConcentrateServer | FakeOpenAIServer],
    gateway_of: Callable[..., LLMGateway],
    stream: bool,
) -> None:
    with server_type() as server:
        server.push(SEARCH, ANSWER)
        async with httpx.AsyncClient(timeout=2.0, transport=pool_transport(8)) as client:
            events = await run(agent(gateway_of(server, client)), stream=stream)
        first, second = (r.body for r in server.completions)
    steps = [(e.type, e.tool) for e in events if isinstance(e, ToolStep)]
    assert steps == [("tool_call", "search_media"), ("tool_result", "search_media")]
    assert '"results"' in (events[1].data or "")  # type: ignore[union-attr]
    final = events[-1]
    assert isinstance(final, AgentFinal) and final.text == ANSWER.text
    tokens = "".join(e.content for e in events if isinstance(e, AnswerToken))
    assert tokens == (ANSWER.text if stream else "")
    names = [t.get("name") or t["function"]["name"] for t in first["tools"]]
    assert "search_media" in names and "get_details" in names
    # The fake rejects (400) a tool result whose call was not sent before it, so getting here
    # proves the call and its result went back in the provider's format.
    turns = second.get("messages") or second["input"]
    assert "Ridley" not in str(turns) and '"results"' in str(turns[-1])


@SERVERS
async def test_a_model_that_keeps_calling_tools_hits_the_iteration_cap(
    server_type: type[FakeConcentrateServer | FakeOpenAIServer],
    gateway_of: Callable[..., LLMGateway],
) -> None:
    with server_type() as server:
        server.default = SEARCH
        async with httpx.AsyncClient(timeout=2.0, transport=pool_transport(8)) as client:
            with pytest.raises(AgentGaveUp):
                await run(agent(gateway_of(server, client), max_iterations=3))
        assert len(server.completions) == 3


async def test_a_gateway_without_native_tools_gets_the_react_loop() -> None:
    catalog = FakeMediaCatalog()
    offline = OfflineLLMGateway(catalog=catalog)
    events = await run(agent(offline))
    assert any(isinstance(e, ToolStep) for e in events)
    final = events[-1]
    assert isinstance(final, AgentFinal) and "Alien" in final.text
