"""One contract for run coordination, run against the in-process adapters and against Redis.

"a" and "b" are two replicas: in-process they are the same objects; over Redis they share only
the server. Every test appends or submits on one and observes from the other.
"""

import asyncio
from collections.abc import AsyncIterator

import pytest

from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep
from tests.support.coordination import Replica, eventually, in_process, over_redis
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.runs import collect

__all__ = ["redis_prefix", "redis_url"]  # fixtures

DONE = RunFinished(status=RunStatus.SUCCEEDED, content="ab")


@pytest.fixture(params=["in-process", "redis"])
async def pair(
    request: pytest.FixtureRequest, redis_url: str, redis_prefix: str
) -> AsyncIterator[tuple[Replica, Replica]]:
    if request.param == "in-process":
        async with in_process() as replicas:
            yield replicas
    else:
        async with over_redis(redis_url, redis_prefix) as replicas:
            yield replicas


async def _run(replica: Replica, run_id: str, *bodies: object) -> None:
    replica.events.open(run_id, "s1")
    for body in bodies:
        await replica.events.append(run_id, "s1", body)  # type: ignore[arg-type]


async def test_events_are_numbered_and_replayed_from_the_start_on_any_replica(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    step = ToolStep(type="tool_call", tool="search", summary="Alien")
    await _run(a, "r1", step, AnswerToken(content="a"), AnswerToken(content="b"), DONE)
    for replica in (a, b):
        events = await collect(replica.events, "r1")
        assert [e.seq for e in events] == [1, 2, 3, 4]
        assert [e.body for e in events] == [
            step,
            AnswerToken(content="a"),
            AnswerToken(content="b"),
            DONE,
        ]
        assert {e.session_id for e in events} == {"s1"} and {e.run_id for e in events} == {"r1"}


async def test_a_follower_resumes_after_its_last_event_id(pair: tuple[Replica, Replica]) -> None:
    a, b = pair
    await _run(a, "r1", AnswerToken(content="a"), AnswerToken(content="b"), DONE)
    assert [e.seq for e in await collect(b.events, "r1", after=2)] == [3]
    assert await collect(b.events, "r1", after=3) == []


async def test_a_follower_on_another_replica_gets_live_events_until_the_end(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    await _run(a, "r1", AnswerToken(content="a"))
    follower = asyncio.create_task(collect(b.events, "r1"))
    await asyncio.sleep(0.05)
    assert not follower.done()
    await a.events.append("r1", "s1", AnswerToken(content="b"))
    await a.events.append("r1", "s1", DONE)
    events = await asyncio.wait_for(follower, 5)
    assert [e.body for e in events] == [AnswerToken(content="a"), AnswerToken(content="b"), DONE]


async def test_hundreds_of_followers_on_another_replica_all_get_the_end(
    pair: tuple[Replica, Replica],
) -> None:
    """More than redis-py's default pool (100): each waiting follower holds a connection."""
    a, b = pair
    await _run(a, "r1", AnswerToken(content="a"))
    followers = [asyncio.create_task(collect(b.events, "r1")) for _ in range(150)]
    await asyncio.sleep(0.2)
    await a.events.append("r1", "s1", DONE)
    ended = await asyncio.wait_for(asyncio.gather(*followers), 10)
    assert {tuple(e.seq for e in events) for events in ended} == {(1, 2)}


async def test_knows_a_run_once_opened_here_or_once_it_has_events(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    assert not await a.events.knows("r1") and not await b.events.knows("r1")
    a.events.open("r1", "s1")
    assert await a.events.knows("r1")
    await a.events.append("r1", "s1", AnswerToken(content="a"))
    assert await b.events.knows("r1")


@pytest.mark.parametrize("kind", ["in-process", "redis"])
async def test_finished_runs_are_forgotten_after_retention(
    kind: str, redis_url: str, redis_prefix: str
) -> None:
    if kind == "in-process":
        context = in_process(retention=1.0)
    else:
        context = over_redis(redis_url, redis_prefix, retention=1.0)
    async with context as (a, b):
        await _run(a, "old", DONE)
        await _run(a, "live", AnswerToken(content="x"))
        await asyncio.sleep(1.2)
        await _run(a, "new", DONE)  # the in-process log prunes when a run finishes
        assert not await b.events.knows("old")
        assert await b.events.knows("live") and await b.events.knows("new")


async def _sleeper(replica: Replica, run_id: str, seen: list[str]) -> None:
    async with replica.sessions.turn("s1", run_id):
        seen.append("started")
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            seen.append(run_id)
            raise


async def test_a_cancel_sent_to_any_replica_stops_the_job_where_it_runs(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    seen: list[str] = []
    await a.sessions.register("s1", "r1")
    a.runner.submit("r1", lambda: _sleeper(a, "r1", seen))
    await eventually(lambda: seen == ["started"])
    assert await b.runner.cancel("r1") is True
    assert seen == ["started", "r1"] and not a.runner.is_active("r1")
    assert await b.sessions.active("s1") == []
    assert await b.runner.cancel("r1") is False
    assert await b.runner.cancel("never-submitted") is False


async def test_runs_of_a_session_are_listed_and_take_turns_in_order(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    await a.sessions.register("s1", "r1")
    await b.sessions.register("s1", "r2")
    assert await a.sessions.active("s1") == ["r1", "r2"] == await b.sessions.active("s1")
    order: list[str] = []

    async def take(replica: Replica, run_id: str) -> None:
        async with replica.sessions.turn("s1", run_id):
            order.append(f"{run_id} in")
            await asyncio.sleep(0.05)
            order.append(f"{run_id} out")

    first = asyncio.create_task(take(a, "r1"))
    await eventually(lambda: order == ["r1 in"])
    second = asyncio.create_task(take(b, "r2"))
    await asyncio.sleep(0.02)
    assert order == ["r1 in"]  # r2 waits for r1, registered first
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert order == ["r1 in", "r1 out", "r2 in", "r2 out"]
    assert await a.sessions.active("s1") == []


async def test_a_released_run_leaves_the_session(pair: tuple[Replica, Replica]) -> None:
    a, b = pair
    await a.sessions.register("s1", "r1")
    await a.sessions.register("s1", "r2")
    await b.sessions.release("s1", "r1")
    assert await a.sessions.active("s1") == ["r2"]


async def test_admission_admits_one_request_per_session_at_a_time(
    pair: tuple[Replica, Replica],
) -> None:
    a, b = pair
    inside: list[int] = []
    overlaps: list[int] = []

    async def admit(replica: Replica, n: int) -> None:
        async with replica.sessions.admission("s1"):
            if inside:
                overlaps.append(n)
            inside.append(n)
            await asyncio.sleep(0.01)
            inside.remove(n)

    await asyncio.gather(*(admit(a if n % 2 else b, n) for n in range(8)))
    assert overlaps == []
    async with a.sessions.admission("s2"), b.sessions.admission("s3"):
        pass  # other sessions are not held up
