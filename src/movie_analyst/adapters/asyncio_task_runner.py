import asyncio
import logging

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.task_runner import SHUTDOWN_REASON, Job, TaskRunner

log = logging.getLogger(__name__)

# How long `cancel` waits for a job to wind down (store its partial answer) before giving up.
CANCEL_WAIT_SECONDS = 10.0


class AsyncioTaskRunner(TaskRunner):
    """Jobs as asyncio tasks on the server's loop, owned here rather than by any request, so a
    client disconnecting never stops them. Holds strong references until each task ends."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._started: dict[str, asyncio.Event] = {}

    def submit(self, job_id: str, job: Job) -> None:
        if self.is_active(job_id):
            raise InvalidRequest(f"job {job_id} is already running")
        started = self._started[job_id] = asyncio.Event()
        task = asyncio.create_task(self._guard(job_id, job, started), name=f"run:{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda done: self._forget(job_id, done))

    async def cancel(self, job_id: str) -> bool:
        task = self._tasks.get(job_id)
        if task is None or task.done():
            return False
        await self._until_started(job_id)
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_WAIT_SECONDS)
        return True

    def is_active(self, job_id: str) -> bool:
        task = self._tasks.get(job_id)
        return task is not None and not task.done()

    def active_count(self) -> int:
        return sum(not task.done() for task in self._tasks.values())

    async def shutdown(self, grace_seconds: float = 10.0) -> None:
        tasks = [task for task in self._tasks.values() if not task.done()]
        if tasks and grace_seconds > 0:
            _, still = await asyncio.wait(tasks, timeout=grace_seconds)
            tasks = list(still)
        if not tasks:
            return
        log.info("interrupting %d runs still going after %.1f s", len(tasks), grace_seconds)
        for task in tasks:
            task.cancel(SHUTDOWN_REASON)
        _, pending = await asyncio.wait(tasks, timeout=CANCEL_WAIT_SECONDS)
        if pending:
            log.warning("%d runs did not stop within %.1f s", len(pending), CANCEL_WAIT_SECONDS)

    async def aclose(self) -> None:
        await self.shutdown(0)  # the grace was given by whoever stopped the server

    async def _until_started(self, job_id: str) -> None:
        """A task cancelled before its first step never runs its `finally` (nor records its
        end), so a job just submitted is let start first."""
        started = self._started.get(job_id)
        if started is not None:
            await asyncio.wait_for(started.wait(), CANCEL_WAIT_SECONDS)

    @staticmethod
    async def _guard(job_id: str, job: Job, started: asyncio.Event) -> None:
        started.set()
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("job %s crashed", job_id)

    def _forget(self, job_id: str, done: asyncio.Task[None]) -> None:
        if self._tasks.get(job_id) is done:
            del self._tasks[job_id]
            self._started.pop(job_id, None)
