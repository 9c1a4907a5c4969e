import asyncio

import pytest

from movie_analyst.application.errors import RunNotFound, SessionNotFound
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.get_run_status import GetRunStatus
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunEvent, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import make_kit


async def test_session_status_counts_the_active_runs() -> None:
    agent = ScriptedAgent([0.3, *answering("a")], answering("b"))
    kit = make_kit(agent, policy="enqueue")
    with pytest.raises(SessionNotFound):  # the one 404 rule of every session route
        await kit.session_status.execute("s1")

    first = await kit.ask("q1")
    await kit.ask("q2")
    await asyncio.sleep(0.05)
    busy = await kit.session_status.execute("s1")
    assert (busy.pending, busy.task_count, busy.run_id) == (True, 2, first.id)
    assert busy.run_status is RunStatus.RUNNING
    await kit.runner.wait_all()
    idle = await kit.session_status.execute("s1")
    assert (idle.pending, idle.task_count, idle.run_id) == (False, 0, None)


async def test_get_run_status_returns_the_stored_run_or_raises() -> None:
    kit = make_kit()
    run = await kit.ask("hi")
    await kit.finish(run)
    status = GetRunStatus(repository=kit.repository)
    assert (await status.execute(run.id)).status is RunStatus.SUCCEEDED
    with pytest.raises(RunNotFound):
        await status.execute("missing")


async def test_follow_replays_only_the_events_after_the_given_id() -> None:
    kit = make_kit(ScriptedAgent(answering("one two three")))
    run = await kit.ask("hi")
    await kit.finish(run)
    everything = [e async for e in await kit.follow.execute(run.id)]
    missing = [e async for e in await kit.follow.execute(run.id, after=2)]
    assert missing == everything[2:]


async def test_follow_joins_a_queued_run_and_waits_for_its_events() -> None:
    kit = make_kit(ScriptedAgent(answering("late answer")), autostart=False)
    run = await kit.ask("hi")
    follower = asyncio.create_task(_drain(kit.follow, run.id))
    await asyncio.sleep(0.02)
    assert not follower.done()
    kit.runner.start_pending()
    events = await asyncio.wait_for(follower, 2)
    assert isinstance(events[0].body, AnswerToken)
    assert isinstance(events[-1].body, RunFinished)


async def test_following_a_run_whose_events_expired_yields_its_end() -> None:
    kit = make_kit()
    run = await kit.ask("hi")
    await kit.finish(run)
    kit.events._runs.clear()  # as after a restart
    [only] = [e async for e in await kit.follow.execute(run.id, after=7)]
    assert only.seq == 8
    assert only.body == RunFinished(status=RunStatus.SUCCEEDED)


async def test_following_an_unknown_run_raises_not_found() -> None:
    kit = make_kit()
    with pytest.raises(RunNotFound):
        await kit.follow.execute("nope")


async def _drain(follow: FollowRun, run_id: str) -> list[RunEvent]:
    return [e async for e in await follow.execute(run_id)]
