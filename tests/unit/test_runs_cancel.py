import asyncio

import pytest

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.application.errors import RunNotFound
from movie_analyst.application.use_cases.sessions.clear_messages import ClearMessages
from movie_analyst.application.use_cases.sessions.delete_session import DeleteSession
from movie_analyst.domain.message import Role
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunEvent, RunEventBody, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import collect, make_kit, unreported


def slow(partial: str = "Partial ") -> ScriptedAgent:
    return ScriptedAgent(
        [AnswerToken(content=partial), 5.0, *answering("the rest")],
        default=answering("later"),
    )


async def started(kit_agent: ScriptedAgent) -> None:
    async with asyncio.timeout(2):
        await kit_agent.started.wait()
    await asyncio.sleep(0.01)


async def test_cancel_stops_the_agent_and_keeps_the_partial_answer() -> None:
    agent = slow()
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await started(agent)

    outcome = await kit.cancel_run.execute(run.id)

    assert (outcome.cancelled, outcome.status) == (True, RunStatus.CANCELLED)
    assert agent.closed == 1
    reply = kit.conversation()[-1]
    assert (reply.role, reply.content, reply.stopped) == (Role.ASSISTANT, "Partial ", True)
    events = await collect(kit.events, run.id)
    done = unreported(events[-1].body)
    assert done == RunFinished(status=RunStatus.CANCELLED, content="Partial ")


async def test_cancel_before_any_token_stores_a_stopped_notice() -> None:
    agent = ScriptedAgent([5.0, *answering("never")])
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await started(agent)
    await kit.cancel_run.execute(run.id)
    reply = kit.conversation()[-1]
    assert reply.role is Role.ASSISTANT and reply.stopped and "Stopped" in reply.content


async def test_cancelling_an_ended_run_changes_nothing() -> None:
    kit = make_kit()
    run = await kit.ask("hi")
    await kit.finish(run)
    outcome = await kit.cancel_run.execute(run.id)
    assert (outcome.cancelled, outcome.status) == (False, RunStatus.SUCCEEDED)


async def test_cancelling_an_unknown_run_raises_not_found() -> None:
    kit = make_kit()
    with pytest.raises(RunNotFound):
        await kit.cancel_run.execute("nope")


async def test_cancel_session_stops_the_running_and_the_queued_runs() -> None:
    agent = slow()
    kit = make_kit(agent, policy="enqueue")
    first = await kit.ask("q1")
    second = await kit.ask("q2")
    await started(agent)

    assert await kit.cancel_session.execute("s1") == 2

    assert kit.repository.runs[first.id].status is RunStatus.CANCELLED
    assert kit.repository.runs[second.id].status is RunStatus.CANCELLED
    # The queued message was never stored, so the conversation still alternates.
    assert [(m.role.value, m.stopped) for m in kit.conversation()] == [
        ("user", False),
        ("assistant", True),
    ]
    assert len(agent.calls) == 1
    status = await kit.session_status.execute("s1")
    assert (status.pending, status.task_count) == (False, 0)


async def test_cancelling_an_idle_session_stops_nothing() -> None:
    kit = make_kit()
    assert await kit.cancel_session.execute("idle") == 0


async def test_a_cancel_outside_the_agent_still_closes_it() -> None:
    class SlowLog(InMemoryRunEventLog):
        async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent:
            if isinstance(body, AnswerToken):
                await asyncio.sleep(5)  # the cancel lands here, not inside the agent
            return await super().append(run_id, session_id, body)

    agent = slow()
    kit = make_kit(agent, events=SlowLog())
    run = await kit.ask("hi")
    await started(agent)
    await kit.cancel_run.execute(run.id)
    assert agent.closed == 1
    assert kit.repository.runs[run.id].status is RunStatus.CANCELLED


async def test_deleting_a_session_stops_its_run_first() -> None:
    agent = slow()
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await started(agent)
    delete = DeleteSession(
        repository=kit.repository, sessions=kit.sessions, stop=kit.cancel_session
    )

    await delete.execute("s1")

    assert agent.closed == 1 and kit.runner.cancelled == [run.id]
    done = unreported((await collect(kit.events, run.id))[-1].body)
    assert done == RunFinished(status=RunStatus.CANCELLED, content="Partial ")
    assert "s1" not in kit.repository.sessions and not kit.conversation()


async def test_clearing_a_session_stops_its_runs_before_the_clear() -> None:
    agent = slow()
    kit = make_kit(agent, policy="enqueue")
    first = await kit.ask("q1")
    queued = await kit.ask("q2")
    await started(agent)
    clear = ClearMessages(repository=kit.repository, sessions=kit.sessions, stop=kit.cancel_session)

    assert await clear.execute("s1") == 2  # the question and the partial answer stored at the stop

    assert kit.repository.runs[first.id].status is RunStatus.CANCELLED
    assert kit.repository.runs[queued.id].status is RunStatus.CANCELLED
    await asyncio.sleep(0.05)
    assert kit.conversation() == [] and len(agent.calls) == 1


async def test_no_run_starts_while_a_clear_is_stopping_the_session() -> None:
    agent = slow()
    kit = make_kit(agent)
    await kit.ask("q1")
    await started(agent)
    clear = ClearMessages(repository=kit.repository, sessions=kit.sessions, stop=kit.cancel_session)
    clearing = asyncio.create_task(clear.execute("s1"))
    await asyncio.sleep(0)
    late = await kit.ask("q2")  # admitted only once the clear is done
    assert clearing.done() and await clearing == 2
    assert [m.content for m in kit.conversation()] == ["q2"]
    assert kit.repository.runs[late.id].status is not RunStatus.CANCELLED
