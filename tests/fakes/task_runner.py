"""RecordingTaskRunner: the TaskRunner port as plain asyncio tasks, recording what it was asked.

With `autostart=False` jobs wait in `pending` until `start_pending()`, so a test can look at
the state between submission and execution."""

import asyncio

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.task_runner import SHUTDOWN_REASON, Job, TaskRunner


class RecordingTaskRunner(TaskRunner):
    def __init__(self, *, autostart: bool = True) -> None:
        self.autostart = autostart
        self.submitted: list[str] = []
        self.cancelled: list[str] = []
        self.pending: dict[str, Job] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.started: dict[str, asyncio.Event] = {}

    def _flag(self, job_id: str) -> asyncio.Event:
        self.started[job_id] = asyncio.Event()
        return self.started[job_id]

    def submit(self, job_id: str, job: Job) -> None:
        if self.is_active(job_id):
            raise InvalidRequest(f"job {job_id} is already running")
        self.submitted.append(job_id)
        if self.autostart:
            self.tasks[job_id] = asyncio.create_task(_run(job, self._flag(job_id)))
        else:
            self.pending[job_id] = job

    def start_pending(self) -> None:
        for job_id, job in list(self.pending.items()):
            self.tasks[job_id] = asyncio.create_task(_run(job, self._flag(job_id)))
        self.pending.clear()

    async def wait_all(self, seconds: float = 5.0) -> None:
        tasks = [task for task in self.tasks.values() if not task.done()]
        if tasks:
            await asyncio.wait(tasks, timeout=seconds)

    async def cancel(self, job_id: str) -> bool:
        task = self.tasks.get(job_id)
        if task is None or task.done():
            return False
        self.cancelled.append(job_id)
        # As the real runner: a job is let start before it is cancelled, so its cleanup runs.
        await asyncio.wait_for(self.started[job_id].wait(), 5.0)
        task.cancel()
        await asyncio.wait({task}, timeout=5.0)
        return True

    def is_active(self, job_id: str) -> bool:
        task = self.tasks.get(job_id)
        return job_id in self.pending or (task is not None and not task.done())

    def active_count(self) -> int:
        return len(self.pending) + sum(not task.done() for task in self.tasks.values())

    async def shutdown(self, grace_seconds: float = 10.0) -> None:
        tasks = [task for task in self.tasks.values() if not task.done()]
        if tasks and grace_seconds > 0:
            tasks = list((await asyncio.wait(tasks, timeout=grace_seconds))[1])
        for task in tasks:
            task.cancel(SHUTDOWN_REASON)
        if tasks:
            await asyncio.wait(tasks, timeout=5.0)


async def _run(job: Job, started: asyncio.Event) -> None:
    started.set()
    await job()
