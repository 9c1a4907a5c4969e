"""RedisUsageLimits: the budgets every replica and worker shares (REDIS_URL set).

Keys, under the coordination prefix: `limits:runs:<user>:<minute>` and
`limits:tokens:<user>:<day>`, plain counters that expire a window after theirs ends (windows
are epoch minutes and UTC days, `domain/usage.py`). An admission is one round trip: the day's
tokens read and the minute's counter incremented together; a refused run takes its increment
back, so refusals never count.
"""

import time
from collections.abc import Callable

from movie_analyst.adapters.redis_coordination import RedisCoordination, translated
from movie_analyst.application.errors import UsageLimitReached
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.domain.usage import (
    DAY_SECONDS,
    MINUTE_SECONDS,
    runs_refusal,
    tokens_refusal,
    window,
)


class RedisUsageLimits(UsageLimits):
    def __init__(
        self,
        *,
        redis: RedisCoordination,
        runs_per_minute: int,
        tokens_per_day: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._runs_limit = runs_per_minute
        self._tokens_limit = tokens_per_day
        self._clock = clock

    async def admit(self, user_id: str) -> None:
        now = self._clock()
        day, day_left = window(now, DAY_SECONDS)
        minute, minute_left = window(now, MINUTE_SECONDS)
        runs_key = self._redis.key("limits", "runs", user_id, str(minute))
        client = self._redis.client
        async with translated("check a usage limit"), client.pipeline(transaction=False) as batch:
            batch.get(self._tokens_key(user_id, day))  # one reply, even with no limit
            if self._runs_limit:
                batch.incr(runs_key)
                batch.expire(runs_key, 2 * MINUTE_SECONDS)
            found = await batch.execute()
        used = int(found[0] or 0)
        runs = int(found[1]) if self._runs_limit else 0
        if self._tokens_limit and used >= self._tokens_limit:
            await self._take_back(runs_key)
            message = tokens_refusal(self._tokens_limit, used, day_left)
            raise UsageLimitReached(message, retry_after=day_left)
        if self._runs_limit and runs > self._runs_limit:
            await self._take_back(runs_key)
            message = runs_refusal(self._runs_limit, minute_left)
            raise UsageLimitReached(message, retry_after=minute_left)

    async def spend(self, user_id: str, tokens: int) -> None:
        if not self._tokens_limit or tokens <= 0:
            return
        key = self._tokens_key(user_id, window(self._clock(), DAY_SECONDS)[0])
        client = self._redis.client
        async with translated("count a run's tokens"), client.pipeline(transaction=False) as batch:
            batch.incrby(key, tokens)
            batch.expire(key, 2 * DAY_SECONDS)
            await batch.execute()

    def _tokens_key(self, user_id: str, day: int) -> str:
        return self._redis.key("limits", "tokens", user_id, str(day))

    async def _take_back(self, runs_key: str) -> None:
        if self._runs_limit:
            async with translated("check a usage limit"):
                await self._redis.client.decr(runs_key)
