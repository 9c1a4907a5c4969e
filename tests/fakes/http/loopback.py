"""A tiny HTTP/1.1 server on 127.0.0.1 that runs in a background thread with its own loop.

Fakes subclass `LoopbackServer` and implement `handle(request, response)`. Running in a thread
keeps the fake alive independently of the test's event loop, so it serves sync tests, async tests
and separate server processes alike (e.g. a uvicorn child killed with SIGKILL).

Every request is recorded (`RecordedRequest`) with `aborted=True` when the client hung up before
the reply ended, which is how tests check that cancelling a stream really closed the connection.
`connections` counts accepted TCP connections, which is how tests check that a client reuses them.
"""

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Self


class ClientGone(Exception):
    """The client closed the connection while we were still answering."""


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    raw: bytes
    body: Any = None  # decoded JSON, or None when the body is empty or not JSON
    aborted: bool = False  # the client hung up before the reply ended
    completed: bool = False  # the whole reply was written
    chunks_sent: int = 0  # streamed events/chunks written before the end or the abort
    finished_at: float | None = None  # time.monotonic() when the reply ended or was aborted
    chunk_times: list[float] = field(default_factory=list)  # monotonic, as each chunk is written


@dataclass
class _Conn:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    pushback: bytes = b""
    watcher: "asyncio.Task[bytes] | None" = None
    gone: bool = False


@dataclass
class Response:
    """What a handler writes with. Every await raises `ClientGone` once the client hung up."""

    _conn: _Conn
    record: RecordedRequest
    keep_alive: bool = True
    _streaming: bool = field(default=False, init=False)

    async def send_json(
        self, status: int, body: object, headers: dict[str, str] | None = None
    ) -> None:
        await self.send_bytes(status, json.dumps(body).encode(), "application/json", headers)

    async def send_bytes(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        head = {"Content-Type": content_type, "Content-Length": str(len(data)), **(headers or {})}
        await self._write(_status_line(status, head) + data)

    async def start_stream(
        self,
        status: int = 200,
        content_type: str = "text/event-stream",
        headers: dict[str, str] | None = None,
    ) -> None:
        head = {"Content-Type": content_type, "Transfer-Encoding": "chunked", **(headers or {})}
        head.setdefault("Cache-Control", "no-cache")
        self._streaming = True
        await self._write(_status_line(status, head))

    async def chunk(self, data: bytes) -> None:
        self.record.chunk_times.append(time.monotonic())
        await self._write(b"%x\r\n%s\r\n" % (len(data), data))
        self.record.chunks_sent += 1

    async def end_stream(self) -> None:
        await self._write(b"0\r\n\r\n")

    def cut(self) -> None:
        """Close the socket at once, mid-reply (no terminating chunk)."""
        self.keep_alive = False
        self._conn.writer.transport.abort()

    async def sleep(self, seconds: float) -> None:
        """Pause, but wake (raising `ClientGone`) as soon as the client hangs up."""
        if seconds > 0:
            watcher = self._watch()
            done, _ = await asyncio.wait({watcher}, timeout=seconds)
            if done:
                self._check_gone()

    async def hang(self, limit: float = 60.0) -> None:
        """Send nothing more until the client gives up (bounded by `limit` seconds)."""
        await self.sleep(limit)
        self.cut()

    async def _write(self, data: bytes) -> None:
        self._check_gone()
        self._conn.writer.write(data)
        try:
            await self._conn.writer.drain()
        except (ConnectionError, RuntimeError) as exc:
            self._conn.gone = True
            raise ClientGone from exc
        await asyncio.sleep(0)  # let the watcher notice a hang-up between writes
        self._check_gone()

    def _watch(self) -> "asyncio.Task[bytes]":
        conn = self._conn
        if conn.watcher is None:
            conn.watcher = asyncio.ensure_future(conn.reader.read(1))
        return conn.watcher

    def _check_gone(self) -> None:
        watcher = self._watch()
        if watcher.done():
            data = b"" if watcher.cancelled() or watcher.exception() else watcher.result()
            if data:  # the client already sent its next request: keep the byte
                self._conn.pushback += data
                self._conn.watcher = None
            else:
                self._conn.gone = True
        if self._conn.gone:
            raise ClientGone


def _status_line(status: int, headers: dict[str, str]) -> bytes:
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Status"
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class LoopbackServer:
    """Start with `start()` (or `with Server() as s:`); `origin` is `http://127.0.0.1:<port>`."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.connections = 0  # TCP connections accepted: a client reusing its pool adds none
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Future[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        # The event loop it serves on (None: asyncio's); a benchmark's fake sets uvloop's, so
        # the apparatus sharing the machine's cores with the server takes less of them.
        self.loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        raise NotImplementedError

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake server did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set_result, None)
        if self._thread:
            self._thread.join(10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 2.0) -> bool:
        """Poll `predicate` from the test's thread until true or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.005)
        return predicate()

    def _run(self) -> None:
        with asyncio.Runner(loop_factory=self.loop_factory) as runner:
            runner.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = self._loop.create_future()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stop
            server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        conn = _Conn(reader, writer)
        try:
            while await self._one_request(conn):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ClientGone):
            pass
        finally:
            self._tasks.discard(task)
            if conn.watcher:
                conn.watcher.cancel()
            writer.transport.abort()

    async def _one_request(self, conn: _Conn) -> bool:
        record = await _read_request(conn)
        if record is None:
            return False
        self.requests.append(record)
        response = Response(conn, record)
        try:
            await self.handle(record, response)
            record.completed = not conn.gone and response.keep_alive
        except ClientGone:
            record.aborted = True
        record.finished_at = time.monotonic()
        if conn.watcher and not conn.watcher.done():
            conn.watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await conn.watcher
            conn.watcher = None
        if conn.watcher and conn.watcher.done():
            data = b"" if conn.watcher.cancelled() else conn.watcher.result()
            conn.pushback += data
            conn.watcher = None
            if not data:
                return False
        return response.keep_alive and not conn.gone


async def _read_request(conn: _Conn) -> RecordedRequest | None:
    head = conn.pushback
    conn.pushback = b""
    while b"\r\n\r\n" not in head:
        more = await conn.reader.read(65536)
        if not more:
            return None
        head += more
    head, _, rest = head.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    size = int(headers.get("content-length", "0"))
    if len(rest) < size:
        rest += await conn.reader.readexactly(size - len(rest))
    raw, conn.pushback = rest[:size], rest[size:]
    return RecordedRequest(method, path, headers, raw, _decode(raw))


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
