from collections.abc import AsyncIterator

from movie_analyst.application.errors import RunNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.run import Run
from movie_analyst.domain.run_event import RunEvent, RunFinished


class FollowRun:
    """Join a run: its events after `after` (a Last-Event-ID), then live ones until it ends.

    Rules: raises `RunNotFound` for an unknown run, or one of another `owner`'s session
    (before anything is yielded). A run whose
    events are no longer kept (ended long ago, or before a restart) yields one `RunFinished`
    built from the stored run, so every follower sees an end. A run that is active in the
    store but unknown to this process's log is followed anyway (another server process runs
    it and shares the log; if that process dies, its survivor ends the run).
    """

    def __init__(self, *, repository: ChatRepository, events: RunEventLog) -> None:
        self._repository = repository
        self._events = events

    async def execute(
        self, run_id: str, *, after: int = 0, owner: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Awaiting checks the run exists; the returned iterator then yields its events."""
        if owner is not None and await self._repository.get_run(run_id, owner=owner) is None:
            raise RunNotFound(run_id)  # the event log knows runs, not whose they are
        if await self._events.knows(run_id):
            return self._events.follow(run_id, after=after)
        run = await self._repository.get_run(run_id)
        if run is None:
            raise RunNotFound(run_id)
        if run.status.is_active:  # another process runs it: its events are on their way
            return self._shared(run, after)
        return _ended(run, after)

    async def outcome(self, run_id: str) -> RunFinished:
        """Wait for the run to end; its final event (every followed run has one)."""
        async for event in await self.execute(run_id):
            if isinstance(event.body, RunFinished):
                return event.body
        raise RuntimeError(f"run {run_id} ended without a final event")

    async def _shared(self, run: Run, after: int) -> AsyncIterator[RunEvent]:
        seen = False
        async for event in self._events.follow(run.id, after=after):
            seen = True
            yield event
        if not seen:  # an in-process log that never saw the run: end from the store
            async for event in _ended(await self._repository.get_run(run.id) or run, after):
                yield event


async def _ended(run: Run, after: int) -> AsyncIterator[RunEvent]:
    done = RunFinished(status=run.status, error=run.error)
    yield RunEvent(run_id=run.id, session_id=run.session_id, seq=after + 1, body=done)
