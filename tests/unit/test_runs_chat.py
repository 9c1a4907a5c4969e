"""Chat: submit then wait for the outcome (or the events), one use case for POST /chat."""

import pytest

from movie_analyst.application.errors import SessionNotFound, UpstreamTimeout
from movie_analyst.application.use_cases.runs.chat import Chat
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import RunsKit, make_kit


async def _chat(kit: RunsKit, session_id: str = "s1") -> Chat:
    await kit.finish(await kit.ask("warm-up", session_id))  # creates the session
    return Chat(submit=kit.submit, follow=kit.follow)


async def test_answer_waits_for_the_final_outcome() -> None:
    kit = make_kit(ScriptedAgent(answering("ok"), answering("Alien (1979) is a film.")))
    chat = await _chat(kit)

    answer = await chat.answer("s1", "Tell me about Alien")

    assert answer.outcome.status is RunStatus.SUCCEEDED
    assert answer.outcome.content == "Alien (1979) is a film."
    assert answer.run.session_id == "s1" and kit.conversation()[-1].run_id == answer.run.id


async def test_a_failed_run_raises_the_error_its_kind_names() -> None:
    kit = make_kit(ScriptedAgent(answering("ok"), [UpstreamTimeout("slow", upstream="llm")]))
    chat = await _chat(kit)

    with pytest.raises(UpstreamTimeout):
        await chat.answer("s1", "Tell me about Alien")


async def test_events_start_the_run_and_end_with_its_outcome() -> None:
    kit = make_kit(ScriptedAgent(answering("ok"), answering("Two words.")))
    chat = await _chat(kit)

    events = [e async for e in await chat.events("s1", "Hi")]

    assert "".join(e.body.content for e in events if isinstance(e.body, AnswerToken)) == (
        "Two words."
    )
    assert isinstance(events[-1].body, RunFinished)


async def test_an_unknown_session_is_refused_before_any_run() -> None:
    chat = Chat(submit=make_kit().submit, follow=make_kit().follow)
    with pytest.raises(SessionNotFound):
        await chat.answer("nope", "Hi")


async def test_only_a_streamed_chat_asks_the_agent_to_stream() -> None:
    agent = ScriptedAgent(answering("ok"), answering("Whole."), answering("Word by word."))
    kit = make_kit(agent)
    chat = await _chat(kit)

    answer = await chat.answer("s1", "Tell me about Alien")
    events = [e async for e in await chat.events("s1", "And Aliens?")]

    assert [call.stream for call in agent.calls[1:]] == [False, True]
    assert answer.outcome.content == "Whole."
    assert isinstance(events[-1].body, RunFinished)
