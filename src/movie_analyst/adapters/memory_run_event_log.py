import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable

from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.run_event import RunEvent, RunEventBody, RunFinished


class _RunLog:
    __slots__ = ("changed", "events", "finished_at", "session_id")

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.events: list[RunEvent] = []
        self.changed = asyncio.Event()  # replaced after each wake-up, so waiters never spin
        self.finished_at: float | None = None


class InMemoryRunEventLog(RunEventLog):
    """Run events in this process's memory: followers wake on each append.

    Finished runs are kept `retention_seconds` and at most `max_finished` of them, oldest
    dropped first, so memory stays bounded however many runs the server has served.
    """

    def __init__(
        self,
        *,
        retention_seconds: float = 600.0,
        max_finished: int = 2000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._runs: OrderedDict[str, _RunLog] = OrderedDict()
        self._finished: OrderedDict[str, float] = OrderedDict()
        self._retention = retention_seconds
        self._max_finished = max_finished
        self._clock = clock

    def open(self, run_id: str, session_id: str) -> None:
        if run_id not in self._runs:
            self._runs[run_id] = _RunLog(session_id)

    def knows(self, run_id: str) -> bool:
        return run_id in self._runs

    async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent:
        self.open(run_id, session_id)
        run = self._runs[run_id]
        event = RunEvent(run_id=run_id, session_id=session_id, seq=len(run.events) + 1, body=body)
        run.events.append(event)
        if isinstance(body, RunFinished):
            run.finished_at = self._clock()
            self._finished[run_id] = run.finished_at
            self._prune()
        changed, run.changed = run.changed, asyncio.Event()
        changed.set()
        return event

    async def follow(self, run_id: str, after: int = 0) -> AsyncIterator[RunEvent]:
        run = self._runs.get(run_id)
        if run is None:
            return
        position = max(0, after)
        while True:
            while position < len(run.events):
                event = run.events[position]
                position += 1
                yield event
            if run.finished_at is not None:
                return
            await run.changed.wait()

    def _prune(self) -> None:
        horizon = self._clock() - self._retention
        while self._finished:
            run_id, finished_at = next(iter(self._finished.items()))
            if finished_at > horizon and len(self._finished) <= self._max_finished:
                break
            del self._finished[run_id]
            self._runs.pop(run_id, None)
