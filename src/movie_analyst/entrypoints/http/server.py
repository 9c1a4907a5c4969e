"""uvicorn's server with the shutdown a chat service needs.

On SIGTERM/SIGINT uvicorn alone waits for open connections (an attached SSE client keeps one
open until its run ends), then cancels their tasks with a traceback each, and only then runs the
lifespan shutdown that stops the runs; afterwards it re-raises the signal, so the process dies by
it. Here: stop accepting, let the runs end on their own for the grace period and interrupt the
rest (each attached client gets its final event, so its response ends), then uvicorn's own close,
which now finds no busy connection; the process exits 0.
"""

import contextlib
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator

import uvicorn

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, *, drain: Callable[[], Awaitable[None]]) -> None:
        super().__init__(config)
        self._drain = drain

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
