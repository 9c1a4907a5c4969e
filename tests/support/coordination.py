"""Two "replicas" of the run-coordination adapters, in-process or over one Redis.

In-process, both replicas are the same objects (one server process is the whole system);
over Redis, each has its own client, replica id and local state, sharing only the server.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from movie_analyst.adapters.asyncio_task_runner import AsyncioTaskRunner
from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.adapters.redis_run_event_log import RedisRunEventLog
from movie_analyst.adapters.redis_session_runs import RedisSessionRuns
from movie_analyst.adapters.redis_task_runner import RedisTaskRunner
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns


@dataclass
class Replica:
    events: RunEventLog
    sessions: SessionRunRegistry
    runner: TaskRunner
    redis: RedisCoordination | None = None


@asynccontextmanager
async def in_process(retention: float = 600.0) -> AsyncIterator[tuple[Replica, Replica]]:
    runner = AsyncioTaskRunner()
    replica = Replica(InMemoryRunEventLog(retention_seconds=retention), SessionRuns(), runner)
    try:
        yield replica, replica
    finally:
        await runner.shutdown(2)


def redis_replica(url: str, prefix: str, name: str, retention: float = 600.0) -> Replica:
    redis = RedisCoordination(url=url, prefix=prefix, replica_id=name)
    local = InMemoryRunEventLog(retention_seconds=retention)
    return Replica(
        events=RedisRunEventLog(redis=redis, local=local, retention_seconds=retention),
        sessions=RedisSessionRuns(redis=redis),
        runner=RedisTaskRunner(redis=redis, inner=AsyncioTaskRunner()),
        redis=redis,
    )


@asynccontextmanager
async def over_redis(
    url: str, prefix: str, retention: float = 600.0
) -> AsyncIterator[tuple[Replica, Replica]]:
    pair = redis_replica(url, prefix, "a", retention), redis_replica(url, prefix, "b", retention)
    for replica in pair:
        assert isinstance(replica.runner, RedisTaskRunner)
        await replica.runner.start()
    try:
        yield pair
    finally:
        for replica in pair:
            assert isinstance(replica.runner, RedisTaskRunner) and replica.redis is not None
            await replica.runner.aclose()
            await replica.redis.aclose()


async def eventually(predicate: object, seconds: float = 5.0) -> None:
    """Wait until `predicate()` (sync or async) is true, polling every 10 ms."""
    assert callable(predicate)
    async with asyncio.timeout(seconds):
        while True:
            result = predicate()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            await asyncio.sleep(0.01)
