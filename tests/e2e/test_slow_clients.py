"""Slow and greedy clients against a real `movie-analyst serve` process, with raw sockets on
127.0.0.1: half-sent headers or bodies are answered 408 and closed at their deadline (trickling
bytes does not extend it), and connections beyond the cap are refused with a 503 at once."""

import contextlib
import selectors
import socket
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.server_process import ServerProcess, serve_process

HEADER, BODY, CAP = 1.0, 1.5, 30
HALF_HEADERS = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
# A kept-alive connection: the first request answered, the next one's headers never complete.
ANSWERED_THEN_HALF = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + HALF_HEADERS
HALF_BODY = (
    b"POST /api/v1/session/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b'Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{"title": '
)


def _connect(server: ServerProcess, first: bytes = b"") -> socket.socket:
    port = int(server.url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if first:
        sock.sendall(first)
    return sock


def _until_closed(
    socks: list[socket.socket],
    seconds: float,
    trickle: Sequence[socket.socket] = (),
    since: float | None = None,
) -> dict[socket.socket, tuple[float, bytes]]:
    """When each socket was closed by the server (seconds after the monotonic time `since`,
    before they were opened; default now), and what it got first. Waits at most `seconds`.
    Sends one more header byte on each `trickle` socket every 0.2 s meanwhile."""
    started, got = time.monotonic(), {s: b"" for s in socks}
    since = started if since is None else since
    closed: dict[socket.socket, tuple[float, bytes]] = {}
    next_drip = started
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        while len(closed) < len(socks) and time.monotonic() - started < seconds:
            if time.monotonic() >= next_drip:
                _drip([sock for sock in trickle if sock not in closed])
                next_drip += 0.2
            for key, _ in selector.select(timeout=0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                data = _read(sock)
                got[sock] += data
                if not data:
                    closed[sock] = (time.monotonic() - since, got[sock])
                    selector.unregister(sock)
    for sock in socks:
        sock.close()
    return closed


def _drip(socks: list[socket.socket]) -> None:
    for sock in socks:
        with contextlib.suppress(OSError):
            sock.send(b"X")


def _read(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def test_slow_clients_are_cut_at_their_deadline_and_extra_connections_refused(
    tmp_path: Path,
) -> None:
    env = {
        "CLIENT_HEADER_TIMEOUT_SECONDS": str(HEADER),
        "CLIENT_BODY_TIMEOUT_SECONDS": str(BODY),
        "MAX_CLIENT_CONNECTIONS": str(CAP),
    }
    with FakeOpenAIServer() as llm, serve_process(tmp_path, llm.base_url, **env) as server:
        opening = time.monotonic()  # every deadline below starts after this
        silent = [_connect(server) for _ in range(5)]
        headers = [_connect(server, HALF_HEADERS) for _ in range(6)]
        drip = [_connect(server, b"GET /health HTTP/1.1\r\nX-Slow: ") for _ in range(4)]
        bodies = [_connect(server, HALF_BODY) for _ in range(6)]
        later = [_connect(server, ANSWERED_THEN_HALF) for _ in range(2)]
        assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200  # still serving

        slow = silent + headers + drip + bodies + later
        closed = _until_closed(slow, BODY + 5, trickle=drip, since=opening)

        assert len(closed) == 23, "some slow sockets were never closed"
        for sock in silent + headers + drip:
            after, reply = closed[sock]
            assert HEADER - 0.05 < after < HEADER + 3
            assert reply.startswith(b"HTTP/1.1 408") and b'"request_timeout"' in reply
            assert b"x-request-id: " in reply
        for sock in bodies:
            after, reply = closed[sock]
            assert BODY - 0.05 < after < BODY + 3 and reply.startswith(b"HTTP/1.1 408")
        for sock in later:
            after, reply = closed[sock]
            assert HEADER - 0.05 < after < HEADER + 3 and reply.startswith(b"HTTP/1.1 200")
            assert b"HTTP/1.1 408" in reply.split(b"\r\n\r\n", 1)[1]  # after the answer

        with httpx.Client(base_url=server.url, timeout=5) as client:  # one kept-alive connection
            assert client.get("/health").status_code == 200
            time.sleep(HEADER + 0.5)  # idle between requests is keep-alive's business, not 408
            assert client.get("/health").status_code == 200

        huge = _connect(server, b"GET /health HTTP/1.1\r\nX-Big: " + b"a" * 70_000)
        refused = _until_closed([huge], 2)
        assert refused[huge][1].startswith(b"HTTP/1.1 431")
        with httpx.Client(base_url=server.url, timeout=5) as client:  # big, within the cap
            assert client.get("/health", headers={"X-Big": "a" * 30_000}).status_code == 200

        held = [_connect(server) for _ in range(CAP)]
        extra = _connect(server)
        refused = _until_closed([extra], 2)
        assert refused[extra][0] < 0.5 and refused[extra][1].startswith(b"HTTP/1.1 503")
        assert b'"unavailable"' in refused[extra][1]
        assert len(_until_closed(held, HEADER + 3)) == CAP  # the cap frees up with the deadlines
        assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200
        assert server.errors() == []
