"""The real API on an OS-chosen 127.0.0.1 port, in a thread of this process.

`chat --in-process` talks to it over HTTP like any client, so streaming and the app lifespan
behave exactly as with `serve`.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from movie_analyst.entrypoints.cli.common import CliError

if TYPE_CHECKING:
    import uvicorn

STARTUP_TIMEOUT = 120.0
APP_FACTORY = "movie_analyst.entrypoints.http.app:create_app"


@contextmanager
def in_process_server(factory: str = APP_FACTORY) -> Iterator[str]:
    import uvicorn  # heavy; only this command needs it

    config = uvicorn.Config(
        factory, factory=True, host="127.0.0.1", port=0, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="in-process-api", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{_wait_for_port(server, thread)}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def _wait_for_port(server: "uvicorn.Server", thread: threading.Thread) -> int:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.started:
            return int(server.servers[0].sockets[0].getsockname()[1])
        if not thread.is_alive():
            raise CliError("the in-process API failed to start (see the log above)")
        time.sleep(0.05)
    raise CliError("the in-process API did not start in time")
