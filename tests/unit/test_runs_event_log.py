import asyncio

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from tests.support.runs import collect


async def test_followers_get_stored_then_live_events_and_end_with_the_run() -> None:
    log = InMemoryRunEventLog()
    await log.append("r1", "s1", AnswerToken(content="a"))
    follower = asyncio.create_task(collect(log, "r1"))
    await asyncio.sleep(0.01)
    await log.append("r1", "s1", AnswerToken(content="b"))
    await log.append("r1", "s1", RunFinished(status=RunStatus.SUCCEEDED))
    events = await asyncio.wait_for(follower, 2)
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.body for e in events[:2]] == [AnswerToken(content="a"), AnswerToken(content="b")]


async def test_an_unknown_run_yields_nothing_and_an_opened_one_waits() -> None:
    log = InMemoryRunEventLog()
    assert await collect(log, "missing") == []
    log.open("r1", "s1")
    assert log.knows("r1")
    follower = asyncio.create_task(collect(log, "r1"))
    await asyncio.sleep(0.01)
    assert not follower.done()
    await log.append("r1", "s1", RunFinished(status=RunStatus.CANCELLED))
    assert len(await asyncio.wait_for(follower, 2)) == 1


async def test_finished_runs_are_forgotten_after_retention_or_beyond_the_cap() -> None:
    now = [0.0]
    log = InMemoryRunEventLog(retention_seconds=60, max_finished=2, clock=lambda: now[0])
    for run_id in ("a", "b", "c"):
        await log.append(run_id, "s", RunFinished(status=RunStatus.SUCCEEDED))
    assert [log.knows(r) for r in "abc"] == [False, True, True]
    log.open("live", "s")
    now[0] = 120.0
    await log.append("d", "s", RunFinished(status=RunStatus.SUCCEEDED))
    assert [log.knows(r) for r in ("b", "c", "d", "live")] == [False, False, True, True]
