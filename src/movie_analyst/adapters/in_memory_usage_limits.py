"""InMemoryUsageLimits: the budgets of one server process (the embedded default).

One dict entry per user who ran something: (window, count) for the current minute and day, so
an admitted run costs a lookup and an increment, and an old window is simply replaced.
"""

import time
from collections.abc import Callable

from movie_analyst.application.errors import UsageLimitReached
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.domain.usage import (
    DAY_SECONDS,
    MINUTE_SECONDS,
    runs_refusal,
    tokens_refusal,
    window,
)


class InMemoryUsageLimits(UsageLimits):
    def __init__(
        self,
        *,
        runs_per_minute: int,
        tokens_per_day: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._runs_limit = runs_per_minute
        self._tokens_limit = tokens_per_day
        self._clock = clock
        self._runs: dict[str, tuple[int, int]] = {}
        self._tokens: dict[str, tuple[int, int]] = {}

    async def admit(self, user_id: str) -> None:
        now = self._clock()
        if self._tokens_limit:
            day, left = window(now, DAY_SECONDS)
            used = _count(self._tokens, user_id, day)
            if used >= self._tokens_limit:
                raise UsageLimitReached(
                    tokens_refusal(self._tokens_limit, used, left), retry_after=left
                )
        if self._runs_limit:
            minute, left = window(now, MINUTE_SECONDS)
            runs = _count(self._runs, user_id, minute)
            if runs >= self._runs_limit:
                raise UsageLimitReached(runs_refusal(self._runs_limit, left), retry_after=left)
            self._runs[user_id] = (minute, runs + 1)

    async def spend(self, user_id: str, tokens: int) -> None:
        if self._tokens_limit and tokens > 0:
            day, _ = window(self._clock(), DAY_SECONDS)
            self._tokens[user_id] = (day, _count(self._tokens, user_id, day) + tokens)


def _count(counts: dict[str, tuple[int, int]], user_id: str, current: int) -> int:
    found = counts.get(user_id)
    return found[1] if found is not None and found[0] == current else 0
