import asyncio

from movie_analyst.adapters.memory_run_event_log import EVENT_OVERHEAD_BYTES, InMemoryRunEventLog
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import collect, make_kit


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
    assert log.has("r1")
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
    assert [log.has(r) for r in "abc"] == [False, True, True]
    log.open("live", "s")
    now[0] = 120.0
    await log.append("d", "s", RunFinished(status=RunStatus.SUCCEEDED))
    assert [log.has(r) for r in ("b", "c", "d", "live")] == [False, False, True, True]


async def test_finished_runs_are_dropped_oldest_first_beyond_the_byte_budget() -> None:
    budget = 50 * EVENT_OVERHEAD_BYTES + 20_000
    log = InMemoryRunEventLog(max_bytes=budget)
    for run_id in ("a", "b", "c", "d"):
        for _ in range(10):
            await log.append(run_id, "s", AnswerToken(content="x" * 1000))
        await log.append(run_id, "s", RunFinished(status=RunStatus.SUCCEEDED))
    assert log.size <= budget
    assert [log.has(r) for r in "abcd"] == [False, False, True, True]


async def test_a_run_in_progress_is_never_dropped_for_room() -> None:
    log = InMemoryRunEventLog(max_bytes=1000)
    for _ in range(20):
        await log.append("live", "s", AnswerToken(content="y" * 500))
    assert log.has("live") and len(await _prefix(log, "live", 20)) == 20


async def test_a_run_dropped_for_room_is_replayed_from_storage() -> None:
    kit = make_kit(
        ScriptedAgent(default=answering("Alien was directed by Ridley Scott.")),
        max_event_bytes=30 * EVENT_OVERHEAD_BYTES,
    )
    first = await kit.ask("Who directed Alien?", session_id="s1")
    live = await collect(kit.events, first.id)
    for index in range(4):  # later runs push the first one out of memory
        await kit.finish(await kit.ask(f"more {index}", session_id=f"s{index + 2}"))
    assert kit.events.size <= 30 * EVENT_OVERHEAD_BYTES + 2000

    replayed = await collect(kit.events, first.id)
    assert kit.events.has(first.id)
    assert [e.body for e in replayed][-2:] == [
        AnswerToken(content="Alien was directed by Ridley Scott."),
        RunFinished(status=RunStatus.SUCCEEDED, content="Alien was directed by Ridley Scott."),
    ]
    assert replayed[-1].seq == live[-1].seq  # a Last-Event-ID keeps its meaning
    assert await collect(kit.events, first.id, after=live[-1].seq) == []
    joined = await kit.follow.execute(first.id)
    assert [e.body async for e in joined][-1] == replayed[-1].body


async def _prefix(log: InMemoryRunEventLog, run_id: str, count: int) -> list[object]:
    events: list[object] = []
    async for event in log.follow(run_id):
        events.append(event)
        if len(events) == count:
            break
    return events
