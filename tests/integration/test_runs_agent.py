"""The llama-index ReActAgent adapter over the scripted gateway and the fake catalog."""

import asyncio
import time

import pytest

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index_agent import LlamaIndexAgent
from movie_analyst.application.errors import AgentGaveUp, UpstreamUnavailable
from movie_analyst.application.ports.agent import AgentEvent, AgentFinal
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from movie_analyst.domain.message import estimate_tokens
from movie_analyst.domain.run_event import AnswerToken, ToolStep
from tests.fakes.llm_gateway import Scripted, ScriptedLLMGateway, action, answer
from tests.fakes.media_catalog import FakeMediaCatalog


class FailingCatalog(FakeMediaCatalog):
    async def search(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise UpstreamUnavailable("the catalog is down", upstream="tmdb")


def make_agent(
    gateway: ScriptedLLMGateway, catalog: FakeMediaCatalog | None = None, max_iterations: int = 4
) -> LlamaIndexAgent:
    return LlamaIndexAgent(
        gateway=gateway,
        catalog=catalog or FakeMediaCatalog(),
        max_iterations=max_iterations,
        mimic=MimicStreaming(batch_words=2, delay_seconds=0.001),
        memory_token_limit=4000,
    )


async def run(agent: LlamaIndexAgent, message: str = "Alien?", **kw: object) -> list[AgentEvent]:
    history = kw.get("history", [])
    async with asyncio.timeout(10):
        return [e async for e in agent.run(history=history, message=message, model=None)]  # type: ignore[arg-type]


async def test_a_tool_call_then_an_answer_streams_only_the_answer() -> None:
    gateway = ScriptedLLMGateway(
        action("search_media", {"query": "Alien"}), answer("Alien (1979).")
    )
    history = [ChatTurn(role="user", content="Hi"), ChatTurn(role="assistant", content="Hello!")]
    events = await run(make_agent(gateway), history=history)

    steps = [e for e in events if isinstance(e, ToolStep)]
    assert [(s.type, s.tool) for s in steps] == [
        ("tool_call", "search_media"),
        ("tool_result", "search_media"),
    ]
    assert steps[1].data and '"results"' in steps[1].data
    tokens = "".join(e.content for e in events if isinstance(e, AnswerToken))
    final = events[-1]
    assert tokens == "Alien (1979)." and isinstance(final, AgentFinal)
    assert final.text == "Alien (1979)."
    # A stream reports no usage, so each call's prompt and reply are estimated from their text.
    assert final.input_tokens == sum(estimate_tokens(prompt_of(r)) for r in gateway.requests)
    assert final.output_tokens and final.output_tokens >= estimate_tokens("Alien (1979).")

    first: LLMRequest = gateway.requests[0]
    assert [t.role for t in first.messages] == ["system", "user", "assistant", "user"]
    assert "Never invent data" in first.messages[0].content
    assert "search_media" in first.messages[0].content
    assert first.messages[-1].content == "Alien?"
    assert gateway.requests[1].messages[-1].content.startswith("Observation:")


async def test_concurrent_runs_share_the_agent_without_mixing_answers() -> None:
    def reply(request: LLMRequest) -> str:
        return answer(f"You said {request.messages[-1].content}")

    gateway = ScriptedLLMGateway(responder=reply, token_delay=0.001)
    agent = make_agent(gateway)
    messages = [f"m{i}" * (i * 8 + 1) for i in range(10)]  # prompts of different lengths
    results = await asyncio.gather(*(run(agent, message) for message in messages))
    finals = [r[-1] for r in results]
    assert [f.text for f in finals if isinstance(f, AgentFinal)] == [
        f"You said {message}" for message in messages
    ]
    prompts = {r.messages[-1].content: prompt_of(r) for r in gateway.requests}
    # Each run counts only its own model call, though all share one workflow.
    assert [f.input_tokens for f in finals if isinstance(f, AgentFinal)] == [
        estimate_tokens(prompts[message]) for message in messages
    ]


async def test_a_gateway_that_cannot_stream_is_replayed_in_word_batches() -> None:
    gateway = ScriptedLLMGateway(answer("one two three four five"), can_stream=False)
    events = await run(make_agent(gateway))
    pieces = [e.content for e in events if isinstance(e, AnswerToken)]
    assert pieces == ["one two", " three four", " five"]


async def test_malformed_replies_end_at_max_iterations() -> None:
    gateway = ScriptedLLMGateway(default="Thought: x\nAction: search_media\nAction Input: {oops")
    with pytest.raises(AgentGaveUp):
        await run(make_agent(gateway, max_iterations=3))
    assert len(gateway.requests) == 3


async def test_model_and_catalog_failures_fail_the_run() -> None:
    down = UpstreamUnavailable("model down", upstream="llm")
    with pytest.raises(UpstreamUnavailable, match="model down"):
        await run(make_agent(ScriptedLLMGateway(Scripted(error=down))))

    gateway = ScriptedLLMGateway(action("search_media", {"query": "Alien"}), answer("never"))
    with pytest.raises(UpstreamUnavailable, match="catalog is down"):
        await run(make_agent(gateway, FailingCatalog()))
    assert len(gateway.requests) == 1  # the model was not asked to paper over it


async def test_closing_the_run_aborts_the_model_stream_within_100_ms() -> None:
    gateway = ScriptedLLMGateway(answer("word " * 500), token_delay=0.01)
    stream = make_agent(gateway).run(history=[], message="talk", model=None)
    async for event in stream:
        if isinstance(event, AnswerToken):
            break
    started = time.perf_counter()
    await stream.aclose()  # type: ignore[attr-defined]
    await asyncio.wait_for(gateway.aborted.wait(), 0.1)
    assert time.perf_counter() - started < 0.1
    assert gateway.streams_completed == 0


def prompt_of(request: LLMRequest) -> str:
    return "\n".join(turn.content for turn in request.messages)
