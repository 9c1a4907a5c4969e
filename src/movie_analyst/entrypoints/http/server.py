"""uvicorn's server with the shutdown a chat service needs.

On SIGTERM/SIGINT uvicorn alone waits for open connections (an attached SSE client keeps one
open until its run ends), then cancels their tasks with a traceback each, and only then runs the
lifespan shutdown that stops the runs; afterwards it re-raises the signal, so the process dies by
it. Here: stop accepting, let the runs end on their own for the grace period and interrupt the
rest (each attached client gets its final event, so its response ends), then uvicorn's own close,
which now finds no busy connection; the process exits 0.

uvicorn's main loop also wakes ten times a second to see whether it should stop; that cost an
idle server 2-2.5 ms of CPU a second (about 1 ms of every chat at concurrency 1). Here it
wakes once a second (to refresh the Date header, as before) or at once when a signal asks it
to stop.
"""

import asyncio
import contextlib
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from types import FrameType

import uvicorn
from litestar import Litestar

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.http.slow_clients import deadline_protocol

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
CLOSE_AFTER_DRAIN_SECONDS = 5  # runs are over by then: only responses still being written
TICK_SECONDS = 1.0  # uvicorn: 0.1; one of its ticks in ten refreshes the Date header
TICKS_PER_WAKE = 10


def build_server(
    container: Container, host: str, port: int, app: Litestar | None = None
) -> "DrainingServer":
    """The API on host:port, as `movie-analyst serve` runs it (logging already configured);
    `app`: the container's app with something added (the benchmarks' profiling routes)."""
    settings = container.settings()
    config = uvicorn.Config(
        app or create_app(container),
        host=host,
        port=port,
        http=deadline_protocol(
            header_seconds=settings.client_header_timeout_seconds,
            body_seconds=settings.client_body_timeout_seconds,
            max_connections=settings.max_client_connections,
        ),
        log_config=None,  # keep the process's logging configuration
        access_log=False,  # the access-log middleware writes one line per request instead
        # AUTH_MODE=proxy checks the connection's own peer against TRUSTED_PROXIES.
        proxy_headers=settings.auth != "proxy",
        timeout_graceful_shutdown=CLOSE_AFTER_DRAIN_SECONDS,
    )
    runner = container.task_runner()
    return DrainingServer(config, drain=lambda: runner.shutdown(settings.shutdown_grace_seconds))


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, *, drain: Callable[[], Awaitable[None]]) -> None:
        super().__init__(config)
        self._drain = drain
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._wake, self._loop = asyncio.Event(), asyncio.get_running_loop()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + TICKS_PER_WAKE) % 864_000  # on_tick's Date refresh: counter % 10
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TICK_SECONDS):
                    await self._wake.wait()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """As uvicorn's, but a signal that asked for the stop is not raised again after it."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in HANDLED_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # no new connections
        for connection in list(self.server_state.connections):
            connection.shutdown()  # idle ones close; busy ones close after their response
        if not self.force_exit:
            await self._drain()
        await super().shutdown(sockets)
