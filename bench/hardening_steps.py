"""The hardening benchmark's pieces: `movie-analyst serve` as a real process on a prepared
database, conversations seeded straight into it, and raw sockets holding half a request."""

import asyncio
import contextlib
import selectors
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.message import Role
from movie_analyst.domain.session import Session
from tests.support.cli import CLI, closed_port, offline_env

HALF_HEADERS = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
HALF_BODY = (
    b"POST /api/v1/session/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{"
)


class Served:
    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url, self.process = url, process

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


@asynccontextmanager
async def serve(folder: Path, llm_url: str, **settings: str) -> AsyncIterator[Served]:
    """`movie-analyst serve` on its own port over the fake LLM; SIGTERM (then kill) at exit."""
    port = closed_port()
    env = {**offline_env(folder), "LLM_PROVIDER": "openai", "OPENAI_BASE_URL": llm_url}
    env |= {"HTTP_RETRIES": "0", "LOG_LEVEL": "WARNING", **settings}
    command = [*CLI, "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: ASYNC220
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        await _wait_ready(served)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _wait_ready(served: Served) -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        for _ in range(1800):
            if served.process.poll() is not None:
                raise RuntimeError("the bench server exited during startup")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(f"{served.url}/ready")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError("the bench server did not start")


async def seed_conversations(database: Path, count: int, messages: int) -> None:
    repo = SqliteChatRepository(str(database))
    await repo.start()
    try:
        start = datetime(2026, 1, 1, tzinfo=UTC)
        for index in range(count):
            at = start + timedelta(minutes=index)
            session = Session(id=f"bench-{index:05d}", title=f"Chat {index}", created_at=at,
                              updated_at=at)  # fmt: skip
            archived = [
                ArchivedMessage(role=Role.USER if n % 2 == 0 else Role.ASSISTANT,
                                content=f"message {n} about film number {index}", created_at=at)
                for n in range(messages)
            ]  # fmt: skip
            await repo.import_session(session, archived)
    finally:
        await repo.aclose()


def open_half_requests(port: int, count: int) -> list[socket.socket]:
    """`count` connections, half of them stopped mid-headers, half mid-body."""
    socks = []
    for index in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(HALF_HEADERS if index % 2 == 0 else HALF_BODY)
        socks.append(sock)
    return socks


def seconds_until_closed(socks: list[socket.socket], limit: float, since: float) -> list[float]:
    """For each socket the server closed within `limit` seconds, when it did (seconds after
    the monotonic time `since`)."""
    started, closed = time.monotonic(), []
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        while selector.get_map() and time.monotonic() - started < limit:
            for key, _ in selector.select(timeout=0.1):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    data = b""
                if not data:
                    closed.append(time.monotonic() - since)
                    selector.unregister(sock)
    for sock in socks:
        sock.close()
    return closed
