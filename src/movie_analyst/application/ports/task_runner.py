from collections.abc import Awaitable, Callable
from typing import Protocol

Job = Callable[[], Awaitable[None]]

# `shutdown` cancels jobs with this message (`task.cancel(SHUTDOWN_REASON)`), so a job can tell
# "the server is stopping" (`SHUTDOWN_REASON in exc.args`) from a user's cancel.
SHUTDOWN_REASON = "shutdown"


class TaskRunner(Protocol):
    """Runs agent runs in the background, independent of any client connection.

    Contract:
    - `submit` returns at once; the job runs until it finishes or is cancelled, whether or not
      anyone is listening. Submitting an id that is already running raises `InvalidRequest`.
    - `cancel` asks the job to stop (it sees `asyncio.CancelledError` at its next await) and
      waits until it has stopped; it returns False when no job with that id is active.
    - `shutdown` lets active jobs run on for up to `grace_seconds`, then cancels the rest with
      SHUTDOWN_REASON and waits (bounded) until they have recorded how they ended.
    """

    def submit(self, job_id: str, job: Job) -> None: ...

    async def cancel(self, job_id: str) -> bool: ...

    def is_active(self, job_id: str) -> bool: ...

    def active_count(self) -> int: ...

    async def shutdown(self, grace_seconds: float = 10.0) -> None: ...
