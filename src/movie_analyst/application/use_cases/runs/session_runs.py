import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from movie_analyst.application.ports.session_runs import SessionRunRegistry


class SessionRuns(SessionRunRegistry):
    """The runs of each session in this process's memory (one server process), in submission order.

    `admission(session_id)` serialises the check-then-create of SubmitMessage so two requests
    cannot both see an idle session. `turn(session_id)` is held by a run for its whole execution;
    the lock is FIFO, so queued runs of one session execute in the order they were submitted.
    """

    def __init__(self) -> None:
        self._admission: dict[str, asyncio.Lock] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._active: dict[str, list[str]] = {}

    @asynccontextmanager
    async def admission(self, session_id: str) -> AsyncIterator[None]:
        lock = self._admission.setdefault(session_id, asyncio.Lock())
        async with lock:
            yield
        if not lock.locked() and session_id not in self._active:
            self._admission.pop(session_id, None)

    async def register(self, session_id: str, run_id: str) -> None:
        self._active.setdefault(session_id, []).append(run_id)

    @asynccontextmanager
    async def turn(self, session_id: str, run_id: str) -> AsyncIterator[None]:
        """Wait for the session's earlier runs, then run; always unregisters `run_id` on exit."""
        lock = self._turns.setdefault(session_id, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            self._release(session_id, run_id)

    async def active(self, session_id: str) -> list[str]:
        """Ids of the session's registered runs, oldest first."""
        return list(self._active.get(session_id, ()))

    async def release(self, session_id: str, run_id: str) -> None:
        self._release(session_id, run_id)

    def _release(self, session_id: str, run_id: str) -> None:
        runs = self._active.get(session_id, [])
        if run_id in runs:
            runs.remove(run_id)
        if not runs:
            self._active.pop(session_id, None)
            lock = self._turns.get(session_id)
            if lock is not None and not lock.locked():
                del self._turns[session_id]
