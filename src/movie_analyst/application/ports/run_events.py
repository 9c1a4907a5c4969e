from collections.abc import AsyncIterator
from typing import Protocol

from movie_analyst.domain.run_event import RunEvent, RunEventBody


class RunEventLog(Protocol):
    """The ordered events of each run, for live followers and late joiners.

    Contract:
    - `append` numbers events 1, 2, 3, ... per run and returns the stored event.
    - `follow(run_id, after=n)` yields every event with seq > n, first those already stored, then
      live ones as they are appended, and ends after the run's `RunFinished` event. For a run
      it does not know, an in-process log ends at once; a log shared between processes waits
      for the run's first event (it may come from another process), so only follow a run that
      `knows` reports or that the chat store says is active (FollowRun does this).
    - `knows` is True after `open` in the same process, and in every process sharing the log
      once the run's first event is appended.
    - Events of a finished run are kept at least `retention` seconds (adapter-defined) so a
      client that reconnects late can still replay them.
    """

    async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent: ...

    def follow(self, run_id: str, after: int = 0) -> AsyncIterator[RunEvent]: ...

    async def knows(self, run_id: str) -> bool:
        """Whether events of this run are kept (live, or finished within retention)."""
        ...

    def open(self, run_id: str, session_id: str) -> None:
        """Register a run before its first event, so followers wait for it instead of ending.
        Idempotent; `knows(run_id)` is True afterwards."""
        ...
