"""Helpers for CLI tests: run `main()` in-process, and a scripted fake API on 127.0.0.1."""

import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from movie_analyst.entrypoints.cli import main
from movie_analyst.entrypoints.settings import Settings
from tests.support.catalog import imported_catalog

_SETTING_NAMES = frozenset(Settings.__struct_fields__) | {"movie_analyst_url"}


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> Outcome:
    """`movie-analyst argv...` in this process; argparse's SystemExit becomes a code too."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound by the OS, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    sse: Sequence[dict[str, Any]] | None = None  # when set, answer text/event-stream


@dataclass
class FakeApi:
    """Answers `(method, path)` from `routes` (path without the query string); else 404."""

    routes: dict[tuple[str, str], Reply] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    url: str = ""


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            api.requests.append((self.command, self.path, json.loads(raw) if raw else None))
            reply = api.routes.get((self.command, self.path.split("?")[0]))
            if reply is None:
                reply = Reply(404, {"status_code": 404, "detail": "Not Found"})
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            if reply.sse is not None:
                data = "".join(
                    f"id: {i}\ndata: {json.dumps(e)}\n\n" for i, e in enumerate(reply.sse)
                )
                payload, kind = data.encode(), "text/event-stream"
            elif isinstance(reply.body, str):
                payload, kind = reply.body.encode(), "text/plain"
            else:
                payload, kind = json.dumps(reply.body).encode(), "application/json"
            self.send_response(reply.status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def fake_api(routes: dict[tuple[str, str], Reply]) -> Iterator[FakeApi]:
    api = FakeApi(routes=routes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def wait_until(check: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


def isolate_settings(monkeypatch: pytest.MonkeyPatch, directory: Any) -> None:
    """No settings from the caller's environment or ./.env: only what the test sets."""
    for name in Settings.__struct_fields__:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("MOVIE_ANALYST_URL", raising=False)
    monkeypatch.chdir(directory)


REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "movie_analyst.entrypoints.cli"]


def shared_offline_catalog() -> Path:
    """The one offline catalog file every test reads (imported at most once per machine)."""
    return imported_catalog()


def offline_env(directory: Path, **extra: str) -> dict[str, str]:
    """The environment of a server process on the offline defaults, its database in `directory`."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in _SETTING_NAMES}
    env.update(
        DATABASE_PATH=str(directory / "chat.db"),
        OFFLINE_CATALOG_PATH=str(shared_offline_catalog()),
        LLM_PROVIDER="offline",
        MEDIA_CATALOG="offline",
        LOG_FORMAT="json",
        MIMIC_STREAM_DELAY_MS="0",
        **extra,
    )
    return env


def http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False
