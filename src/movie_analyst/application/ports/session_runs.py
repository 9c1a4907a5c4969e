from contextlib import AbstractAsyncContextManager
from typing import Protocol


class SessionRunRegistry(Protocol):
    """The active runs of each session, in submission order, as every server process sees them.

    Contract:
    - `admission(session_id)` is held around SubmitMessage's check-then-register, so two
      requests (in any process) never both see an idle session.
    - `register` appends a run to its session; `active` lists the registered runs, oldest first.
    - `turn(session_id, run_id)` is held by a run for its whole execution: one run per session
      at a time, in registration order (SubmitMessage registers and submits together, so the
      order turns are asked in is the same), and it unregisters `run_id` on exit, however it ends.
    - `release` unregisters a run that will never take its turn (a dead process's run).
    Raises `CoordinationUnavailable` when the shared store cannot be reached.
    """

    def admission(self, session_id: str) -> AbstractAsyncContextManager[None]: ...

    async def register(self, session_id: str, run_id: str) -> None: ...

    def turn(self, session_id: str, run_id: str) -> AbstractAsyncContextManager[None]: ...

    async def active(self, session_id: str) -> list[str]: ...

    async def release(self, session_id: str, run_id: str) -> None: ...
