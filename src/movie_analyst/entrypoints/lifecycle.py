"""Startup and shutdown: the bodies of the container's `providers.Resource`s, and the lifespan.

Each Resource is an async generator that opens one adapter, yields, and closes it. No provider
depends on a Resource (that would make it async, see STACK-NOTES §4): the port providers stay
plain Singletons that open nothing when built, and the Resources beside them open and close
what those Singletons built. `running(container)` inits them all at startup and shuts them down
in reverse dependency order (dependency-injector's own `init_resources`/`shutdown_resources`).
"""

import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol, TypeVar, runtime_checkable

from dependency_injector import containers

from movie_analyst.application.errors import CoordinationUnavailable
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import (
    RecoverInterruptedRuns,
)

T = TypeVar("T")
log = logging.getLogger(__name__)


@runtime_checkable
class _Opens(Protocol):
    async def start(self) -> None: ...


@runtime_checkable
class _Closes(Protocol):
    async def aclose(self) -> None: ...


async def opened(adapter: T, *opened_first: object) -> AsyncIterator[T]:
    """Start `adapter` if it has `start()`; `aclose()` it at shutdown if it has that.

    Anything else passes through untouched: None (an HTTP client the settings did not choose)
    or a test's fake that opens nothing. `opened_first`: Resources it uses (opened before it,
    closed after it).
    """
    if isinstance(adapter, _Opens):
        await adapter.start()
    try:
        yield adapter
    finally:
        if isinstance(adapter, _Closes):
            await adapter.aclose()


async def background_runs(
    recover: RecoverInterruptedRuns,
    runner: TaskRunner,
    agent: Callable[[], Agent],
    grace_seconds: float,
    *opened_first: object,
) -> AsyncIterator[None]:
    """Startup: close the runs a crash left open, then build the agent (pays the llama-index
    import before the first request). Shutdown: cancel in-flight runs, which mark themselves.

    `opened_first` are the Resources the runs use (storage, catalog, HTTP clients): passed as
    arguments, they open before this one and close after it.
    """
    try:
        await recover.execute()
    except CoordinationUnavailable as exc:
        # Redis down at startup: which runs live replicas own is unknown, so none is touched;
        # the lease sweep recovers dead replicas' runs once Redis answers.
        log.warning("startup recovery skipped: %s", exc)
    agent()
    yield
    await runner.shutdown(grace_seconds)


@asynccontextmanager
async def running(container: containers.Container) -> AsyncIterator[None]:
    """Every Resource open while the app serves; closed even when startup fails half-way."""
    try:
        await _settled(container.init_resources())
        yield
    finally:
        await _settled(container.shutdown_resources())


async def _settled(result: object) -> None:
    # Both calls return None instead of an awaitable when no Resource is async (all overridden).
    if inspect.isawaitable(result):
        await result
