"""A sliding-window limiter: at most `calls` request starts in any `period` seconds."""

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class SlidingWindowLimiter:
    """`await acquire()` before each request; waits (never fails) when the window is full.

    TVMaze allows "at least 20 calls every 10 seconds per IP"; staying under it avoids 429s
    instead of retrying them. The clock and sleep are injectable so tests need not wait.
    """

    def __init__(
        self,
        calls: int = 20,
        period: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._calls = calls
        self._period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # one waiter at a time keeps the order fair
            while True:
                now = self._clock()
                while self._starts and self._starts[0] <= now - self._period:
                    self._starts.popleft()
                if len(self._starts) < self._calls:
                    self._starts.append(now)
                    return
                await self._sleep(self._starts[0] + self._period - now)
