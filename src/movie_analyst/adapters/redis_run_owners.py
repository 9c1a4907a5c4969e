"""RedisRunOwners: which runs some replica owns, for the startup recovery of a new replica."""

import time

from movie_analyst.adapters.redis_coordination import RedisCoordination, translated
from movie_analyst.domain.run import Run


class RedisRunOwners:
    def __init__(self, *, redis: RedisCoordination, lease_seconds: float) -> None:
        self._redis = redis
        self._lease = lease_seconds

    async def still_running(self, run: Run) -> bool:
        """For startup recovery: leave runs that a replica owns (live ones run them, the sweep
        recovers dead ones) and runs too young to have been registered yet."""
        age = time.time() - run.created_at.timestamp()
        if age < self._lease:
            return True
        async with translated("look up a run's owner"):
            return bool(await self._redis.client.hexists(self._redis.key("run-owner"), run.id))
