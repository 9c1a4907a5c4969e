"""ContinueConversation: a client's whole history in, the right session's run out."""

import asyncio

import pytest

from movie_analyst.application.errors import InvalidRequest, SessionNotFound, UpstreamTimeout
from movie_analyst.application.use_cases.conversations.ask_analyst import AskAnalyst, AskArgs
from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.domain.conversation import Turn
from movie_analyst.domain.message import Role
from movie_analyst.domain.run_event import RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.fakes.conversation_index import DictConversationIndex
from tests.support.runs import RunsKit, conversation_of, make_kit


def _use_case(kit: RunsKit) -> tuple[ContinueConversation, DictConversationIndex]:
    index = DictConversationIndex()
    return conversation_of(kit, index), index


def user(text: str) -> Turn:
    return Turn(role=Role.USER, content=text)


def assistant(text: str) -> Turn:
    return Turn(role=Role.ASSISTANT, content=text)


async def test_the_next_turn_with_the_whole_history_lands_in_the_same_session() -> None:
    kit = make_kit(ScriptedAgent(answering("Spielberg."), answering("1975.")))
    conversation, _ = _use_case(kit)

    first, done = await conversation.answer([user("Who directed Jaws?")])
    history = [user("Who directed Jaws?"), assistant(done.content), user("When?")]
    second, _ = await conversation.answer(history)

    session_id = first.run.session_id
    assert second.run.session_id == session_id
    assert kit.repository.sessions[session_id].title == "Who directed Jaws?"
    assert [m.content for m in kit.conversation(session_id)] == [
        "Who directed Jaws?",
        "Spielberg.",
        "When?",
        "1975.",
    ]


async def test_conversations_that_start_alike_and_part_get_sessions_of_their_own() -> None:
    kit = make_kit(ScriptedAgent(*(answering(a) for a in ("A1.", "A2.", "B2."))))
    conversation, _ = _use_case(kit)

    first, _ = await conversation.answer([user("Q1")])
    await conversation.answer([user("Q1"), assistant("A1."), user("Q2")])
    other, _ = await conversation.answer([user("Q1"), assistant("A1."), user("Other Q2")])

    assert other.run.session_id != first.run.session_id
    assert [m.content for m in kit.conversation(other.run.session_id)] == [
        "Q1",
        "A1.",
        "Other Q2",
        "B2.",
    ]


async def test_a_streamed_run_is_remembered_when_its_events_end() -> None:
    kit = make_kit(ScriptedAgent(answering("Two words.")))
    conversation, index = _use_case(kit)

    started = await conversation.start([Turn(role=Role.SYSTEM, content="Hi"), user("Q")])
    events = [event async for event in conversation.events(started)]

    assert isinstance(events[-1].body, RunFinished)
    assert list(index.keys) == [started.run.session_id]


async def test_a_named_session_must_exist_and_takes_only_the_last_turn() -> None:
    kit = make_kit(ScriptedAgent(answering("warm"), answering("ok")))
    await kit.finish(await kit.ask("warm-up", "s1"))
    conversation, _ = _use_case(kit)

    await conversation.answer([user("ignored"), assistant("ignored"), user("Q")], session_id="s1")

    assert [m.content for m in kit.conversation("s1")] == ["warm-up", "warm", "Q", "ok"]
    with pytest.raises(SessionNotFound):
        await conversation.answer([user("Q")], session_id="nope")


@pytest.mark.parametrize(
    "turns", [[], [Turn(role=Role.SYSTEM, content="Be brief.")], [user("Q"), assistant("A")]]
)
async def test_a_conversation_must_end_with_a_user_turn(turns: list[Turn]) -> None:
    conversation, _ = _use_case(make_kit())

    with pytest.raises(InvalidRequest):
        await conversation.start(turns)


async def test_a_failed_run_raises_and_is_not_remembered() -> None:
    kit = make_kit(ScriptedAgent([UpstreamTimeout("slow", upstream="llm")]))
    conversation, index = _use_case(kit)

    with pytest.raises(UpstreamTimeout):
        await conversation.answer([user("Q")])
    assert index.sessions == {}


async def test_abandoning_a_run_cancels_it() -> None:
    kit = make_kit(ScriptedAgent(answering("slow answer")), autostart=False)
    conversation, _ = _use_case(kit)

    started = await conversation.start([user("Q")])
    kit.runner.start_pending()
    await conversation.abandon(started)

    assert kit.runner.cancelled == [started.run.id]


async def test_a_caller_giving_up_on_an_ask_cancels_its_run() -> None:
    kit = make_kit(ScriptedAgent([5.0, *answering("too late")]))
    ask = AskAnalyst(conversation=_use_case(kit)[0])

    task = asyncio.create_task(ask.execute(AskArgs(question="Q")))
    for _ in range(500):  # until the run is submitted (bounded)
        if kit.runner.submitted:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert kit.runner.cancelled == kit.runner.submitted
