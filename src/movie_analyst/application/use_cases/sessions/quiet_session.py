from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession


@asynccontextmanager
async def runs_stopped(
    session_id: str, *, sessions: SessionRunRegistry, stop: CancelSession
) -> AsyncIterator[None]:
    """Inside: every run of the session has stopped (and stored how it ended), and none can
    start, because the session's admission is held until the block ends."""
    async with sessions.admission(session_id):
        await stop.execute(session_id)
        yield
