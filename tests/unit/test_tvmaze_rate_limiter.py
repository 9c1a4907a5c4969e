"""The TVMaze limiter: at most N starts per window, waiting (not failing) when full."""

from movie_analyst.adapters.rate_limiter import SlidingWindowLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_twenty_calls_pass_then_the_next_waits_for_the_window() -> None:
    fake = FakeTime()
    limiter = SlidingWindowLimiter(20, 10.0, clock=fake.clock, sleep=fake.sleep)
    for _ in range(20):
        await limiter.acquire()
        fake.now += 0.1
    assert fake.slept == []
    await limiter.acquire()
    assert fake.slept == [8.0]  # the first start (t=0) leaves the window at t=10
    assert fake.now == 10.0


async def test_starts_spread_over_time_never_wait() -> None:
    fake = FakeTime()
    limiter = SlidingWindowLimiter(2, 1.0, clock=fake.clock, sleep=fake.sleep)
    for _ in range(10):
        await limiter.acquire()
        fake.now += 0.5
    assert fake.slept == []
