"""One contract for the per-user budgets (`UsageLimits`), in process and over Redis.

"a" and "b" are two replicas with the same limits and one shared clock: in process they are
the same object; over Redis they share only the server. The clock is moved, not waited on.
"""

from collections.abc import AsyncIterator, Callable

import pytest

from movie_analyst.adapters.in_memory_usage_limits import InMemoryUsageLimits
from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.adapters.redis_usage_limits import RedisUsageLimits
from movie_analyst.application.errors import UsageLimitReached
from movie_analyst.application.ports.usage_limits import UsageLimits
from tests.support.redis_server import redis_prefix, redis_url

__all__ = ["redis_prefix", "redis_url"]  # fixtures

NOON = 1_780_000_000.0 // 86_400 * 86_400 + 43_200  # a UTC noon, 12:00:00 exactly


class Clock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> float:
        return self.now


Pair = tuple[UsageLimits, UsageLimits, Clock]
Build = Callable[[int, int], Pair]


@pytest.fixture(params=["in-process", "redis"])
async def limits(
    request: pytest.FixtureRequest, redis_url: str, redis_prefix: str
) -> AsyncIterator[Build]:
    """A factory: `limits(runs, tokens)` -> (a, b, clock)."""
    opened: list[RedisCoordination] = []

    def build(runs: int, tokens: int) -> Pair:
        clock = Clock()
        if request.param == "in-process":
            one = InMemoryUsageLimits(runs_per_minute=runs, tokens_per_day=tokens, clock=clock)
            return one, one, clock
        replicas = []
        for _ in range(2):
            redis = RedisCoordination(url=redis_url, prefix=redis_prefix)
            opened.append(redis)
            replicas.append(
                RedisUsageLimits(
                    redis=redis, runs_per_minute=runs, tokens_per_day=tokens, clock=clock
                )
            )
        return replicas[0], replicas[1], clock

    yield build
    for redis in opened:
        await redis.aclose()


async def _refused(limits: UsageLimits, user_id: str) -> UsageLimitReached:
    with pytest.raises(UsageLimitReached) as caught:
        await limits.admit(user_id)
    return caught.value


async def test_runs_over_the_minutes_limit_are_refused_until_the_next_minute(limits: Build) -> None:
    a, b, clock = limits(3, 0)
    await a.admit("u1")
    await b.admit("u1")
    await a.admit("u1")
    clock.now += 20
    refused = await _refused(b, "u1")
    assert refused.retry_after == 40
    assert "3 questions a minute" in str(refused) and "40 s" in str(refused)
    await a.admit("u2")  # another user's budget is their own
    clock.now += 40
    for replica in (a, b, a):
        await replica.admit("u1")
    await _refused(b, "u1")


async def test_a_refused_run_does_not_count(limits: Build) -> None:
    a, b, clock = limits(2, 0)
    await a.admit("u1")
    await a.admit("u1")
    for _ in range(5):
        await _refused(b, "u1")
    clock.now += 60
    await a.admit("u1")
    await b.admit("u1")  # two again: the five refusals took nothing from the new minute
    await _refused(a, "u1")


async def test_a_days_tokens_close_the_budget_until_midnight_utc(limits: Build) -> None:
    a, b, clock = limits(0, 1000)
    await a.admit("u1")
    await a.spend("u1", 600)
    await b.admit("u1")  # 600 of 1000: still open
    await b.spend("u1", 500)
    refused = await _refused(a, "u1")
    assert refused.retry_after == 43_200
    assert "1100 of 1000 tokens" in str(refused) and "12 h 0 min" in str(refused)
    await b.admit("u2")
    clock.now += 43_200  # midnight UTC
    await a.admit("u1")


async def test_zero_is_no_limit_and_many_runs_pass(limits: Build) -> None:
    a, b, _ = limits(0, 0)
    for _ in range(50):
        await a.admit("u1")
        await b.spend("u1", 10_000)
    await b.admit("u1")


async def test_both_limits_together_refuse_on_whichever_is_spent(limits: Build) -> None:
    a, b, clock = limits(2, 100)
    await a.admit("u1")
    await a.spend("u1", 100)
    assert (await _refused(b, "u1")).retry_after == 43_200  # tokens first: the longer wait
    await b.admit("u2")
    await b.admit("u2")
    assert (await _refused(a, "u2")).retry_after == 60
    clock.now += 30
    assert (await _refused(a, "u2")).retry_after == 30
