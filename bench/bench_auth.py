"""What each AUTH_MODE adds to a request, and what checking one API key costs.

1. A tiny Litestar route behind `RequestContextMiddleware`, called in-process through ASGI, with
   no guard (none), the shared token, a user's key (SQLite users table in a temp file) and a
   trusted proxy's user header (the user already known); p50 of each, and its overhead over none.
2. The key check alone: the HMAC-SHA256 digest + constant-time compare, and the whole
   `Authenticate` use case (key id lookup in SQLite, then the compare).
"""

import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from litestar import Litestar, get

from bench.figures import Figure, p50
from movie_analyst.adapters.sqlite_user_directory import SqliteUserDirectory
from movie_analyst.application.use_cases.users.add_user import AddUser
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.application.use_cases.users.authenticate import Authenticate
from movie_analyst.application.use_cases.users.proxy_user import ProxyUser
from movie_analyst.entrypoints.http.auth import Guard, ProxyGuard, TokenGuard, UserKeyGuard
from movie_analyst.entrypoints.http.middleware import RequestContextMiddleware

REQUESTS = 3000
KEYS = ApiKeys("b" * 32)
TOKEN = "a-shared-token-of-forty-characters-0000"


@get("/api/v1/things/{thing_id:str}", sync_to_thread=False)
def thing(thing_id: str) -> dict[str, str]:
    return {"id": thing_id}


def _app(guard: Guard | None) -> Any:
    app = Litestar(route_handlers=[thing], logging_config=None)
    return RequestContextMiddleware(app, guard=guard)


async def _call(app: Any, headers: list[tuple[bytes, bytes]]) -> float:
    scope: dict[str, Any] = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": "/api/v1/things/x", "raw_path": b"/api/v1/things/x", "root_path": "",
        "query_string": b"", "headers": headers, "client": ("127.0.0.1", 1),
        "server": ("t", 80), "state": {}, "app": app,
    }  # fmt: skip
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    started = time.perf_counter()
    await app(scope, receive, send)
    elapsed = (time.perf_counter() - started) * 1000
    if statuses != [200]:
        raise RuntimeError(f"the benchmark request was answered {statuses}")
    return elapsed


async def _p50(step: Callable[[], Awaitable[float]]) -> float:
    for _ in range(200):  # warm up
        await step()
    return p50([await step() for _ in range(REQUESTS)])


async def _timed(step: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await step()
    return (time.perf_counter() - started) * 1000


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        directory = SqliteUserDirectory(str(Path(folder) / "chat.db"))
        await directory.start()
        try:
            return await _measure(directory)
        finally:
            await directory.aclose()


async def _measure(directory: SqliteUserDirectory) -> list[Figure]:
    _, key = await AddUser(directory=directory, keys=KEYS).execute("bench")
    authenticate = Authenticate(directory=directory, keys=KEYS)
    proxy = ProxyGuard(ProxyUser(directory=directory), trusted=["127.0.0.1"], header="X-User")
    modes: dict[str, tuple[Guard | None, list[tuple[bytes, bytes]]]] = {
        "none": (None, []),
        "token": (TokenGuard(TOKEN), [(b"authorization", f"Bearer {TOKEN}".encode())]),
        "users": (UserKeyGuard(authenticate), [(b"authorization", f"Bearer {key}".encode())]),
        "proxy": (proxy, [(b"x-user", b"bench")]),
    }
    medians = {}
    for mode, (guard, headers) in modes.items():
        app = _app(guard)
        medians[mode] = await _p50(_caller(app, headers))
    none = medians["none"]
    figures = [
        _figure(
            f"AUTH_MODE={mode} overhead per request (p50)",
            max(0.0, medians[mode] - none),
            "ms",
            0.5,
            f"p50 {medians[mode]:.3f} ms vs {none:.3f} ms with none; in-process ASGI, "
            "users/proxy read a SQLite users table (temp file, one user)",
        )
        for mode in ("token", "users", "proxy")
    ]
    found = await directory.find_key(KEYS.key_id_of(key) or "")
    assert found is not None
    hmac_ms = await _p50(lambda: _timed(_matches(key, found[1])))
    lookup_ms = await _p50(lambda: _timed(lambda: authenticate.execute(key)))
    figures.append(
        _figure(
            "API key check: HMAC-SHA256 + constant-time compare (p50)",
            hmac_ms * 1000,
            "µs",
            50,
            "why an HMAC and not scrypt/argon2: this is paid on every request",
        )
    )
    figures.append(
        _figure("Authenticate use case: key id lookup (SQLite) + check (p50)", lookup_ms, "ms", 0.5)
    )
    return figures


def _figure(name: str, value: float, unit: str, at_most: float, note: str = "") -> Figure:
    return Figure(
        area="auth",
        name=name,
        value=value,
        unit=unit,
        target=f"<= {at_most:g} {unit}",
        met=value <= at_most,
        note=note,
    )


def _caller(app: Any, headers: list[tuple[bytes, bytes]]) -> Callable[[], Awaitable[float]]:
    return lambda: _call(app, headers)


def _matches(key: str, digest: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return KEYS.matches(key, digest)

    return check
