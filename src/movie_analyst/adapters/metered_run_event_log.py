"""MeteredRunEventLog: a RunEventLog decorator that feeds the Metrics port from run events.

Every run already reports its life through the event log (tool steps, then one `RunFinished`),
so watching the log counts runs without touching the use cases: a run is in flight from `open`
(or its first event) to `RunFinished`; tool time is the time between each tool call and its
result. On `RunFinished` the ending run reports its model and wall time (started → finished);
only an ending that does not (a recovered run) costs a read of the stored run.
"""

import time
from collections.abc import AsyncIterator, Callable

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.metrics import Metrics, RunReport
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.run_event import RunEvent, RunEventBody, RunFinished, ToolStep


class _Tally:
    __slots__ = ("opened", "tool_calls", "tool_seconds", "tool_started")

    def __init__(self, now: float) -> None:
        self.opened = now
        self.tool_calls = 0
        self.tool_seconds = 0.0
        self.tool_started: float | None = None


class MeteredRunEventLog(RunEventLog):
    def __init__(
        self,
        *,
        inner: RunEventLog,
        metrics: Metrics,
        repository: ChatRepository,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._metrics = metrics
        self._repository = repository
        self._clock = clock
        self._tallies: dict[str, _Tally] = {}

    def open(self, run_id: str, session_id: str) -> None:
        self._inner.open(run_id, session_id)
        self._tally(run_id)

    async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent:
        event = await self._inner.append(run_id, session_id, body)
        tally = self._tally(run_id)
        if isinstance(body, ToolStep):
            self._count_tool(tally, body)
        elif isinstance(body, RunFinished):
            del self._tallies[run_id]
            await self._report(run_id, session_id, body, tally)
        return event

    def follow(self, run_id: str, after: int = 0) -> AsyncIterator[RunEvent]:
        return self._inner.follow(run_id, after)

    async def knows(self, run_id: str) -> bool:
        return await self._inner.knows(run_id)

    def _tally(self, run_id: str) -> _Tally:
        tally = self._tallies.get(run_id)
        if tally is None:
            tally = self._tallies[run_id] = _Tally(self._clock())
            self._metrics.run_started()
        return tally

    def _count_tool(self, tally: _Tally, step: ToolStep) -> None:
        if step.type == "tool_call":
            tally.tool_calls += 1
            tally.tool_started = self._clock()
        elif tally.tool_started is not None:
            tally.tool_seconds += self._clock() - tally.tool_started
            tally.tool_started = None

    async def _report(self, run_id: str, session_id: str, done: RunFinished, tally: _Tally) -> None:
        total, model = self._clock() - tally.opened, done.model
        if done.run_seconds is not None:
            total = done.run_seconds
        if not model:  # an ending that did not report its run (recovery): read the store
            model, total = await self._stored(run_id, total)
        self._metrics.run_finished(
            RunReport(
                run_id=run_id,
                session_id=session_id,
                model=model,
                status=str(done.status),
                tool_calls=tally.tool_calls,
                tool_seconds=tally.tool_seconds,
                llm_seconds=max(0.0, total - tally.tool_seconds),
                total_seconds=total,
                input_tokens=done.input_tokens,
                output_tokens=done.output_tokens,
                user_id=done.user_id,
            )
        )

    async def _stored(self, run_id: str, total: float) -> tuple[str, float]:
        try:
            run = await self._repository.get_run(run_id)
        except Exception:  # metrics must never fail a run; the estimate stands
            return "", total
        if run is None:
            return "", total
        seconds = run.run_seconds
        return run.model, total if seconds is None else seconds
