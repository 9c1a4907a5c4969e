import asyncio

import pytest

from movie_analyst.application.errors import (
    CoordinationUnavailable,
    InvalidRequest,
    SessionBusy,
    SessionNotFound,
)
from movie_analyst.application.use_cases.runs.notices import INTERRUPTED
from movie_analyst.application.use_cases.runs.submit_message import Policy
from movie_analyst.domain.message import Role
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import make_kit, unreported


async def test_the_user_message_is_stored_before_the_run_starts() -> None:
    kit = make_kit(autostart=False)
    run = await kit.ask("Tell me about Alien")

    assert run.status is RunStatus.RUNNING  # admitted running: its message is stored first
    assert kit.runner.submitted == [run.id]
    [user] = kit.conversation()
    assert (user.role, user.content, user.run_id) == (Role.USER, "Tell me about Alien", run.id)
    assert run.user_message_id == user.id
    assert run.model == "default-model"


async def test_a_run_streams_tokens_then_stores_the_answer() -> None:
    kit = make_kit(ScriptedAgent(answering("Alien (1979) is a film.")))
    run = await kit.ask("Tell me about Alien")
    done = await kit.finish(run)

    assert done.status is RunStatus.SUCCEEDED
    assert done.started_at is not None and done.finished_at is not None
    _user, reply = kit.conversation()
    assert (reply.role, reply.content, reply.stopped) == (
        Role.ASSISTANT,
        "Alien (1979) is a film.",
        False,
    )
    assert done.answer_message_id == reply.id
    events = [e async for e in kit.events.follow(run.id)]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    tokens = "".join(e.body.content for e in events if isinstance(e.body, AnswerToken))
    assert tokens == "Alien (1979) is a film."
    assert unreported(events[-1].body) == RunFinished(status=RunStatus.SUCCEEDED, content=tokens)
    assert isinstance(events[-1].body, RunFinished) and events[-1].body.model == run.model


async def test_an_unknown_session_is_refused_and_nothing_is_stored() -> None:
    kit = make_kit()
    with pytest.raises(SessionNotFound):
        await kit.submit.execute(session_id="nope", message="hi")
    assert kit.repository.messages == {} and kit.runner.submitted == []


@pytest.mark.parametrize("message", ["", "   \n", "x" * 4001])
async def test_an_empty_or_huge_message_is_refused_and_nothing_is_stored(message: str) -> None:
    kit = make_kit()
    with pytest.raises(InvalidRequest):
        await kit.ask(message)
    assert kit.repository.messages == {} and kit.repository.runs == {}


async def test_a_second_message_while_a_run_is_active_is_refused() -> None:
    kit = make_kit(ScriptedAgent([0.2, *answering("slow answer")]))
    first = await kit.ask("one")
    with pytest.raises(SessionBusy) as caught:
        await kit.ask("two")
    assert caught.value.run_id == first.id
    await kit.finish(first)
    second = await kit.ask("three")
    assert (await kit.finish(second)).status is RunStatus.SUCCEEDED
    assert [m.content for m in kit.conversation() if m.role is Role.USER] == ["one", "three"]


async def test_a_run_that_has_ended_but_not_yet_let_go_of_its_turn_does_not_refuse() -> None:
    kit = make_kit(ScriptedAgent(answering("first answer"), answering("second answer")))
    first = await kit.finish(await kit.ask("one"))
    await kit.sessions.register("s1", first.id)  # as seen before its release reaches Redis
    second = await kit.ask("two")
    await kit.sessions.release("s1", first.id)
    assert (await kit.finish(second)).status is RunStatus.SUCCEEDED
    assert [m.content for m in kit.conversation()] == [
        "one",
        "first answer",
        "two",
        "second answer",
    ]


@pytest.mark.parametrize("policy", ["reject", "enqueue"])
async def test_a_run_that_cannot_be_registered_is_closed_and_frees_the_session(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = make_kit(ScriptedAgent(answering("later answer")), policy=policy)

    async def down(session_id: str, run_id: str) -> None:
        raise CoordinationUnavailable("run coordination (Redis) is unavailable")

    register = kit.sessions.register
    monkeypatch.setattr(kit.sessions, "register", down)
    with pytest.raises(CoordinationUnavailable):
        await kit.ask("one")
    [closed] = kit.repository.runs.values()
    assert closed.status is RunStatus.INTERRUPTED and kit.runner.submitted == []
    assert [(m.role, m.content) for m in kit.conversation()] == [
        (Role.USER, "one"),
        (Role.ASSISTANT, INTERRUPTED),
    ]
    monkeypatch.setattr(kit.sessions, "register", register)
    again = await kit.ask("two")  # the store does not still hold the session busy
    assert (await kit.finish(again)).status is RunStatus.SUCCEEDED


async def test_concurrent_submissions_let_exactly_one_through() -> None:
    kit = make_kit(ScriptedAgent(default=[0.1, *answering("ok")]))
    results = await asyncio.gather(
        *(kit.ask(f"message {i}") for i in range(5)), return_exceptions=True
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert sum(isinstance(r, SessionBusy) for r in results) == 4
    await kit.runner.wait_all()


async def test_enqueued_messages_run_in_order_and_the_conversation_alternates() -> None:
    agent = ScriptedAgent(
        [0.05, *answering("first answer")],
        answering("second answer"),
        answering("third answer"),
    )
    kit = make_kit(agent, policy="enqueue")
    runs = [await kit.ask(text) for text in ("q1", "q2", "q3")]
    # The idle session's first is admitted running; the others wait their turn.
    assert [r.status for r in runs] == [RunStatus.RUNNING, RunStatus.QUEUED, RunStatus.QUEUED]
    # Queued messages wait, durable, on their runs until their turn.
    assert [r.pending_message for r in runs] == [None, "q2", "q3"]
    for run in runs:
        assert (await kit.finish(run)).status is RunStatus.SUCCEEDED

    roles = [(m.role.value, m.content) for m in kit.conversation()]
    assert roles == [
        ("user", "q1"),
        ("assistant", "first answer"),
        ("user", "q2"),
        ("assistant", "second answer"),
        ("user", "q3"),
        ("assistant", "third answer"),
    ]
    assert [call.message for call in agent.calls] == ["q1", "q2", "q3"]
