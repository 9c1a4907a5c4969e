"""`serve --workers N`: N server processes on one listening socket, so one box uses all its cores.

The parent binds the socket and starts N `serve --fd <socket>` children (each a whole server:
its own container, replica id, graceful shutdown); it forwards one SIGTERM to each on a stop and
stops them all if one dies. They share runs through Redis and conversations through PostgreSQL,
so both are required: without them a run started in one worker would be invisible to the others.
"""

import socket
import sys

from movie_analyst.entrypoints.cli.common import CliError, Exit, local_url
from movie_analyst.entrypoints.cli.supervisor import STOP_GRACE_SECONDS, Child, Supervisor
from movie_analyst.entrypoints.settings import Settings

THIS_CLI = (sys.executable, "-m", "movie_analyst.entrypoints.cli")


def check_workers(settings: Settings, workers: int) -> None:
    """Several workers need state they all share: Redis for runs, PostgreSQL for the rest."""
    missing = []
    if settings.coordination != "redis":
        missing.append("REDIS_URL (runs are coordinated through Redis)")
    if settings.database.engine != "postgresql":
        missing.append("DATABASE_URL=postgresql://... (a database every worker can write)")
    if missing:
        raise CliError(f"serve --workers {workers} needs {' and '.join(missing)}", Exit.USAGE)


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> int:
    check_workers(settings, workers)
    listener = _bind(host, port)
    fd = listener.fileno()
    children = [
        Child(f"worker {n}", [*THIS_CLI, "serve", "--fd", str(fd)], pass_fds=(fd,))
        for n in range(1, workers + 1)
    ]
    print(
        f"movie-analyst: serving on {local_url(host, port)} with {workers} workers",
        file=sys.stderr,
        flush=True,
    )
    try:
        # Each worker may take its whole grace to stop; the supervisor waits that, and more.
        supervisor = Supervisor(grace=settings.shutdown_grace_seconds + STOP_GRACE_SECONDS)
        return supervisor.run([(child, None, 0.0) for child in children])
    finally:
        listener.close()


def inherited_socket(fd: int) -> socket.socket:
    """The listening socket a `serve --workers` parent passed down (its family read from it)."""
    return socket.socket(fileno=fd)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}", Exit.FAILURE) from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener
