"""RedisTaskRunner: jobs run on this replica (an inner AsyncioTaskRunner); a cancel reaches the
replica that executes the run, wherever it was asked.

A cancel for a job that is not local is published on the `cancel` channel; every replica
listens and cancels the job if it is its own. The caller then waits until the run's owner
record is gone (its turn ended, so its outcome is stored) before answering, like a local cancel.
"""

import asyncio
import contextlib
import logging

from redis.exceptions import RedisError

from movie_analyst.adapters.asyncio_task_runner import CANCEL_WAIT_SECONDS, AsyncioTaskRunner
from movie_analyst.adapters.redis_coordination import RedisCoordination, translated
from movie_analyst.application.ports.task_runner import Job, TaskRunner

log = logging.getLogger(__name__)

OWNER_POLL_SECONDS = 0.01
RECONNECT_SECONDS = 0.5


class RedisTaskRunner(TaskRunner):
    def __init__(self, *, redis: RedisCoordination, inner: AsyncioTaskRunner) -> None:
        self._redis = redis
        self._inner = inner
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self._cancels: set[asyncio.Task[bool]] = set()

    def submit(self, job_id: str, job: Job) -> None:
        self._inner.submit(job_id, job)

    async def cancel(self, job_id: str) -> bool:
        if self._inner.is_active(job_id):
            return await self._inner.cancel(job_id)
        owners = self._redis.key("run-owner")
        async with translated("cancel a run"):
            if not await self._redis.client.hexists(owners, job_id):
                return False
            await self._redis.client.publish(self._redis.key("cancel"), job_id)
        async with asyncio.timeout(CANCEL_WAIT_SECONDS), translated("wait for a cancelled run"):
            # Polled: the state lives in Redis, so there is no local event to wait on.
            while await self._redis.client.hexists(owners, job_id):  # noqa: ASYNC110
                await asyncio.sleep(OWNER_POLL_SECONDS)
        return True

    def is_active(self, job_id: str) -> bool:
        return self._inner.is_active(job_id)

    def active_count(self) -> int:
        return self._inner.active_count()

    async def shutdown(self, grace_seconds: float = 10.0) -> None:
        await self._inner.shutdown(grace_seconds)

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="redis-cancel-listener")
        with contextlib.suppress(TimeoutError):  # Redis down: keep starting, listen when back
            await asyncio.wait_for(self._subscribed.wait(), 2.0)

    async def aclose(self) -> None:
        await self.shutdown(0)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener

    async def _listen(self) -> None:
        while True:
            try:
                await self._listen_once()
            except (RedisError, OSError) as exc:
                log.warning("cancel channel lost (%s); reconnecting", exc)
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen_once(self) -> None:
        async with self._redis.client.pubsub(ignore_subscribe_messages=True) as channel:
            await channel.subscribe(self._redis.key("cancel"))
            self._subscribed.set()
            while True:
                message = await channel.get_message(timeout=1.0)
                if message is not None:
                    self._cancel_local(_text(message["data"]))

    def _cancel_local(self, job_id: str) -> None:
        if self._inner.is_active(job_id):
            task = asyncio.create_task(self._inner.cancel(job_id))
            self._cancels.add(task)
            task.add_done_callback(self._cancels.discard)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
