"""The Agent contract, run against both engines (`AGENT_ENGINE=react-loop` and `workflow`) over
the scripted gateway and the fake catalog: one suite, so the engines cannot drift apart."""

import asyncio
import time

import pytest

from movie_analyst.application.errors import AgentGaveUp, UpstreamUnavailable
from movie_analyst.application.ports.agent import Agent, AgentEvent, AgentFinal
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from movie_analyst.domain.run_event import AnswerToken, ToolStep
from tests.fakes.llm_gateway import Scripted, ScriptedLLMGateway, action, answer
from tests.support.agents import ENGINES, FailingCatalog, SlowCatalog, build_agent

pytestmark = pytest.mark.parametrize("engine", ENGINES)

SEARCH = action("search_media", {"query": "Alien"})


async def run(agent: Agent, message: str = "Alien?", **kw: object) -> list[AgentEvent]:
    history: list[ChatTurn] = kw.get("history", [])  # type: ignore[assignment]
    stream = bool(kw.get("stream", True))
    async with asyncio.timeout(10):
        pieces = agent.run(history=history, message=message, model=None, stream=stream)
        return [e async for e in pieces]


def answer_of(events: list[AgentEvent]) -> str:
    return "".join(e.content for e in events if isinstance(e, AnswerToken))


def steps_of(events: list[AgentEvent]) -> list[tuple[str, str]]:
    return [(e.type, e.tool) for e in events if isinstance(e, ToolStep)]


async def test_a_streamed_tool_call_then_answer(engine: str) -> None:
    gateway = ScriptedLLMGateway(SEARCH, answer("Alien (1979) is a classic."))
    history = [ChatTurn(role="user", content="Hi"), ChatTurn(role="assistant", content="Hello!")]
    events = await run(build_agent(engine, gateway), history=history)

    assert steps_of(events) == [("tool_call", "search_media"), ("tool_result", "search_media")]
    result = next(e for e in events if isinstance(e, ToolStep) and e.type == "tool_result")
    assert result.data and '"results"' in result.data
    assert len([e for e in events if isinstance(e, AnswerToken)]) > 1  # really streamed
    final = events[-1]
    assert isinstance(final, AgentFinal) and final.text == "Alien (1979) is a classic."
    assert answer_of(events) == final.text
    assert final.input_tokens and final.output_tokens
    first, second = gateway.requests
    assert [t.role for t in first.messages] == ["system", "user", "assistant", "user"]
    assert "search_media" in first.messages[0].content
    assert first.messages[-1].content == "Alien?"
    assert second.messages[-1].content.startswith("Observation:")
    assert second.messages[-2].content.startswith("Thought: I should look this up.\nAction:")


async def test_a_non_stream_run_asks_for_whole_replies_and_sends_no_tokens(engine: str) -> None:
    gateway = ScriptedLLMGateway(SEARCH, answer("Alien (1979)."))
    events = await run(build_agent(engine, gateway), stream=False)

    assert steps_of(events) == [("tool_call", "search_media"), ("tool_result", "search_media")]
    assert answer_of(events) == "" and gateway.streams_started == 0
    final = events[-1]
    assert isinstance(final, AgentFinal) and final.text == "Alien (1979)."


async def test_an_answer_without_tools(engine: str) -> None:
    gateway = ScriptedLLMGateway(answer("Hello! Ask me about films."))
    events = await run(build_agent(engine, gateway))
    assert steps_of(events) == []
    assert answer_of(events) == "Hello! Ask me about films."
    assert len(gateway.requests) == 1


async def test_a_reply_without_react_structure_is_the_answer_verbatim(engine: str) -> None:
    gateway = ScriptedLLMGateway("I just ramble about films.")
    events = await run(build_agent(engine, gateway))
    final = events[-1]
    assert isinstance(final, AgentFinal) and final.text == "I just ramble about films."
    assert answer_of(events) == ""  # no marker: the run's final text carries it


async def test_a_malformed_action_is_sent_back_for_correction(engine: str) -> None:
    broken = "Thought: look\nAction: search_media\nAction Input: {oops"
    gateway = ScriptedLLMGateway(broken, answer("Fixed."))
    events = await run(build_agent(engine, gateway))
    final = events[-1]
    assert isinstance(final, AgentFinal) and final.text == "Fixed."
    retry = gateway.requests[1].messages
    assert retry[-2].content == broken
    assert retry[-1].content.startswith("Error while parsing the output")


async def test_an_unknown_tool_is_an_observation(engine: str) -> None:
    gateway = ScriptedLLMGateway(action("nosuch", {}), answer("Sorry."))
    events = await run(build_agent(engine, gateway))
    assert steps_of(events) == [("tool_call", "nosuch"), ("tool_result", "nosuch")]
    assert "Tool nosuch not found" in gateway.requests[1].messages[-1].content


async def test_the_iteration_cap_ends_the_run(engine: str) -> None:
    gateway = ScriptedLLMGateway(default="Thought: x\nAction: search_media\nAction Input: {oops")
    with pytest.raises(AgentGaveUp):
        await run(build_agent(engine, gateway, max_iterations=3))
    assert len(gateway.requests) == 3


async def test_model_and_catalog_failures_fail_the_run(engine: str) -> None:
    down = UpstreamUnavailable("model down", upstream="llm")
    with pytest.raises(UpstreamUnavailable, match="model down"):
        await run(build_agent(engine, ScriptedLLMGateway(Scripted(error=down))))
    gateway = ScriptedLLMGateway(SEARCH, answer("never"))
    with pytest.raises(UpstreamUnavailable, match="catalog is down"):
        await run(build_agent(engine, gateway, FailingCatalog()))
    assert len(gateway.requests) == 1


async def test_a_timeout_mid_tool_stops_the_tool(engine: str) -> None:
    catalog = SlowCatalog(delay=5.0)
    gateway = ScriptedLLMGateway(SEARCH, answer("never"))
    agent = build_agent(engine, gateway, catalog)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.3):
            async for _ in agent.run(history=[], message="Alien?", model=None):
                pass
    await asyncio.sleep(0.05)
    assert catalog.cancelled == 1 and catalog.finished == 0 and len(gateway.requests) == 1


async def test_a_timeout_mid_stream_aborts_the_model_call(engine: str) -> None:
    gateway = ScriptedLLMGateway(answer("word " * 500), token_delay=0.01)
    agent = build_agent(engine, gateway)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            async for _ in agent.run(history=[], message="talk", model=None):
                pass
    await asyncio.wait_for(gateway.aborted.wait(), 0.1)
    assert gateway.streams_completed == 0


async def test_cancelling_mid_tool_stops_the_tool_and_asks_the_model_nothing_more(
    engine: str,
) -> None:
    catalog = SlowCatalog(delay=5.0)
    gateway = ScriptedLLMGateway(SEARCH, answer("never"))
    agent = build_agent(engine, gateway, catalog)

    async def consume() -> None:
        async for _ in agent.run(history=[], message="Alien?", model=None):
            pass

    task = asyncio.create_task(consume())
    await asyncio.wait_for(catalog.entered.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.1)
    assert catalog.cancelled == 1 and catalog.finished == 0 and len(gateway.requests) == 1


async def test_cancelling_mid_stream_aborts_the_model_call_within_100_ms(engine: str) -> None:
    gateway = ScriptedLLMGateway(answer("word " * 500), token_delay=0.01)
    agent = build_agent(engine, gateway)
    first = asyncio.Event()

    async def consume() -> None:
        async for event in agent.run(history=[], message="talk", model=None):
            if isinstance(event, AnswerToken):
                first.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first.wait(), 5)
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.wait_for(gateway.aborted.wait(), 0.1)
    assert time.perf_counter() - started < 0.1
    assert gateway.streams_completed == 0 and len(gateway.requests) == 1


async def test_closing_the_run_early_aborts_the_model_call(engine: str) -> None:
    gateway = ScriptedLLMGateway(answer("word " * 500), token_delay=0.01)
    stream = build_agent(engine, gateway).run(history=[], message="talk", model=None)
    async for event in stream:
        if isinstance(event, AnswerToken):
            break
    await stream.aclose()
    await asyncio.wait_for(gateway.aborted.wait(), 0.1)
    assert gateway.streams_completed == 0


async def test_concurrent_runs_share_one_agent_without_mixing(engine: str) -> None:
    def reply(request: LLMRequest) -> str:
        return answer(f"You said {request.messages[-1].content}")

    agent = build_agent(engine, ScriptedLLMGateway(responder=reply, token_delay=0.001))
    messages = [f"m{i}" * (i * 8 + 1) for i in range(8)]
    results = await asyncio.gather(*(run(agent, message) for message in messages))
    assert [r[-1].text for r in results if isinstance(r[-1], AgentFinal)] == [
        f"You said {m}" for m in messages
    ]


async def test_a_gateway_that_cannot_stream_is_replayed_in_word_batches(engine: str) -> None:
    gateway = ScriptedLLMGateway(answer("one two three four five"), can_stream=False)
    events = await run(build_agent(engine, gateway))
    assert [e.content for e in events if isinstance(e, AnswerToken)] == [
        "one two",
        " three four",
        " five",
    ]
