import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable

from movie_analyst.adapters.stored_run_replay import stored_events
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.run_event import (
    AnswerToken,
    RunEvent,
    RunEventBody,
    RunFinished,
    ToolStep,
)

EVENT_OVERHEAD_BYTES = 200  # a RunEvent and its body struct, beside their strings
MAX_EVICTED = 20_000  # dropped runs remembered (id -> final seq, ~200 B each) for replay


class _RunLog:
    __slots__ = ("changed", "events", "finished_at", "session_id", "size")

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.events: list[RunEvent] = []
        self.changed = asyncio.Event()  # replaced after each wake-up, so waiters never spin
        self.finished_at: float | None = None
        self.size = 0  # estimated bytes held by `events`


class InMemoryRunEventLog(RunEventLog):
    """Run events in this process's memory: followers wake on each append.

    Finished runs are kept `retention_seconds`, at most `max_finished` of them, and dropped
    oldest first while all runs together hold more than `max_bytes` (estimated), so memory stays
    bounded by count and by size however many and however long the answers. Runs in progress
    are never dropped. With a `repository`, a finished run dropped early is still known: its
    events are rebuilt from storage (see `stored_run_replay`), so join and replay keep working.
    """

    def __init__(
        self,
        *,
        retention_seconds: float = 600.0,
        max_finished: int = 2000,
        max_bytes: int = 64 * 1024 * 1024,
        repository: ChatRepository | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._runs: OrderedDict[str, _RunLog] = OrderedDict()
        self._finished: OrderedDict[str, float] = OrderedDict()
        self._evicted: OrderedDict[str, int] = OrderedDict()  # run id -> its final seq
        self._retention = retention_seconds
        self._max_finished = max_finished
        self._max_bytes = max_bytes
        self._repository = repository
        self._clock = clock
        self.size = 0  # estimated bytes held, all runs

    def open(self, run_id: str, session_id: str) -> None:
        if run_id not in self._runs:
            self._runs[run_id] = _RunLog(session_id)

    async def knows(self, run_id: str) -> bool:
        return self.has(run_id)

    def has(self, run_id: str) -> bool:
        """`knows` without awaiting, for callers in this process."""
        return run_id in self._runs or run_id in self._evicted

    async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent:
        self.open(run_id, session_id)
        run = self._runs[run_id]
        event = RunEvent(run_id=run_id, session_id=session_id, seq=len(run.events) + 1, body=body)
        run.events.append(event)
        cost = event_bytes(body)
        run.size += cost
        self.size += cost
        if isinstance(body, RunFinished):
            run.finished_at = self._clock()
            self._finished[run_id] = run.finished_at
        if isinstance(body, RunFinished) or self.size > self._max_bytes:
            self._prune()
        changed, run.changed = run.changed, asyncio.Event()
        changed.set()
        return event

    async def follow(self, run_id: str, after: int = 0) -> AsyncIterator[RunEvent]:
        run = self._runs.get(run_id)
        if run is None:
            async for event in self._from_storage(run_id, after):
                yield event
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

    async def _from_storage(self, run_id: str, after: int) -> AsyncIterator[RunEvent]:
        final_seq = self._evicted.get(run_id)
        if final_seq is None or self._repository is None:
            return
        for event in await stored_events(self._repository, run_id, final_seq, after):
            yield event

    def _prune(self) -> None:
        horizon = self._clock() - self._retention
        while self._finished:
            run_id, finished_at = next(iter(self._finished.items()))
            fresh = finished_at > horizon and len(self._finished) <= self._max_finished
            if fresh and self.size <= self._max_bytes:
                break
            del self._finished[run_id]
            self._evict(run_id)

    def _evict(self, run_id: str) -> None:
        run = self._runs.pop(run_id, None)
        if run is None:
            return
        self.size -= run.size
        if self._repository is not None:
            self._evicted[run_id] = len(run.events)
            while len(self._evicted) > MAX_EVICTED:
                self._evicted.popitem(last=False)


def event_bytes(body: RunEventBody) -> int:
    """A run event's estimated memory: its structs and strings (a byte a character, as CPython
    holds ASCII text; other text takes more, so the bound is approximate)."""
    if isinstance(body, AnswerToken):
        text = len(body.content)
    elif isinstance(body, ToolStep):
        text = len(body.summary) + len(body.data or "")
    else:
        text = len(body.content) + len(body.error or "")
    return EVENT_OVERHEAD_BYTES + text
