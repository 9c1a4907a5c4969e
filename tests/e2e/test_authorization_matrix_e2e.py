"""The authorization matrix (#18) through the real server, on SQLite and on PostgreSQL.

It walks the served OpenAPI document, so a new route cannot be forgotten: every path and method
must have a row in `CASES` or be in the small `OPEN_ROUTES` allow-list, else the test fails.
`UNLISTED` adds the doors the document leaves out (the OpenAI-compatible `/v1` routes; MCP has
its own test below). For each route: no key, a wrong key and a revoked one (user removed, key
rotated) get 401; on alice's session, run and message ids bob gets 404, and so does an admin
outside the admin routes, while alice herself gets through; the admin routes refuse a non-admin
(403) and answer an admin. Last, the server's log of the whole run holds none of the keys.
"""

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.support.cli import CLI, offline_env
from tests.support.mcp_tools import ASK_TOOL
from tests.support.postgres import create_database, drop_database
from tests.support.real_server import RealServer, real_server

SECRET = "e2e-matrix-secret-0123456789abcdef"
QUESTION = "Who directed Jaws?"
TITLE = "Matrixnoir evening"
KEY = re.compile(r"ma_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")

Route = tuple[str, str]  # (METHOD, OpenAPI path)
# Open on purpose: probes need no key. Nothing else may be.
OPEN_ROUTES: frozenset[Route] = frozenset({("GET", "/health"), ("GET", "/api/v1/health")})
# Not in our OpenAPI document (OpenAI's own reference describes them), covered all the same.
UNLISTED: frozenset[Route] = frozenset({("GET", "/v1/models"), ("POST", "/v1/chat/completions")})


@dataclass(frozen=True)
class Case:
    """`owned`: acts on alice's ids (others: 404); `own`: the caller's own space (no foreign
    id to give); `admin`: the admin routes. A `destructive` route is run by alice last."""

    kind: Literal["owned", "own", "admin"]
    body: Any = None  # strings "{session_id}" etc. are filled in
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    destructive: bool = False


OPENAI_BODY = {"model": "movie-analyst", "messages": [{"role": "user", "content": QUESTION}]}
CASES: dict[Route, Case] = {
    ("POST", "/api/v1/session/new"): Case("own", body={}),
    ("GET", "/api/v1/sessions"): Case("own"),
    ("GET", "/api/v1/search"): Case("own", query={"q": TITLE.split()[0]}),
    ("GET", "/api/v1/models"): Case("own"),
    ("GET", "/api/v1/me"): Case("own"),
    ("POST", "/api/v1/sessions/import"): Case("own", body="{archive}"),
    ("GET", "/api/v1/session/{session_id}"): Case("owned"),
    ("PATCH", "/api/v1/session/{session_id}"): Case("owned", body={"title": "Renamed"}),
    ("DELETE", "/api/v1/session/{session_id}"): Case("owned", destructive=True),
    ("GET", "/api/v1/session/{session_id}/messages"): Case("owned"),
    ("DELETE", "/api/v1/session/{session_id}/messages"): Case("owned", destructive=True),
    ("GET", "/api/v1/session/{session_id}/export"): Case("owned"),
    ("GET", "/api/v1/session/{session_id}/status"): Case("owned"),
    ("POST", "/api/v1/session/{session_id}/cancel"): Case("owned"),
    ("POST", "/api/v1/messages/{message_id}/feedback"): Case("owned", body={"feedback": "up"}),
    ("POST", "/api/v1/chat"): Case(
        "owned", body={"session_id": "{session_id}", "message": QUESTION}
    ),
    ("GET", "/api/v1/runs/{run_id}"): Case("owned"),
    ("GET", "/api/v1/runs/{run_id}/events"): Case("owned"),
    ("POST", "/api/v1/runs/{run_id}/cancel"): Case("owned"),
    ("GET", "/api/v1/admin/users"): Case("admin"),
    ("GET", "/api/v1/admin/users/{name}/sessions"): Case("admin"),
    ("GET", "/api/v1/admin/sessions/{session_id}/messages"): Case("admin"),
    ("GET", "/v1/models"): Case("own"),
    ("POST", "/v1/chat/completions"): Case(
        "owned", body=OPENAI_BODY, headers={"X-Session-ID": "{session_id}"}
    ),
}


@dataclass
class World:
    server: RealServer
    keys: dict[str, str]  # alice, bob, root (admin), removed, rotated (the old key)
    ids: dict[str, Any]  # alice's session_id, run_id, message_id, name; her archive

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            if value == "{archive}":
                return self.ids["archive"]
            return value.format(**self.ids) if "{" in value else value
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        return value

    def call(self, route: Route, key: str | None) -> httpx.Response:
        method, path = route
        case = CASES.get(route, Case("own"))
        headers = {k: self.fill(v) for k, v in case.headers.items()}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        body = self.fill(case.body)
        with httpx.Client(base_url=self.server.base_url, timeout=60) as client:
            request = client.build_request(
                method, self.fill(path), params=case.query, headers=headers,
                json=body if body is not None else None,
            )  # fmt: skip
            answer = client.send(request, stream=True)  # an event stream: the status is enough
            if "event-stream" not in answer.headers.get("content-type", ""):
                answer.read()
            answer.close()
        return answer


def _users(directory: Path, env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(
        [*CLI, "users", *argv], cwd=directory, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _keys(directory: Path, env: dict[str, str]) -> dict[str, str]:
    keys = {
        name: _users(directory, env, "add", name, *(("--admin",) if name == "root" else ()))
        for name in ("alice", "bob", "root", "removed", "rotated")
    }
    _users(directory, env, "remove", "removed")
    _users(directory, env, "rotate-key", "rotated")  # the new key is not used: the old one is
    assert all(KEY.fullmatch(key) for key in keys.values())
    return keys


def _alices_things(server: RealServer, key: str) -> dict[str, Any]:
    with httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=60
    ) as alice:
        session_id = alice.post("/api/v1/session/new", json={"title": TITLE}).json()["session_id"]
        asked = alice.post("/api/v1/chat", json={"session_id": session_id, "message": QUESTION})
        assert asked.status_code == 200, asked.text
        messages = alice.get(f"/api/v1/session/{session_id}/messages").json()["messages"]
        archive = alice.get(f"/api/v1/session/{session_id}/export").json()
    return {
        "session_id": session_id,
        "run_id": asked.json()["run_id"],
        "message_id": messages[0]["id"],
        "name": "alice",
        "archive": archive,
    }


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    directory = tmp_path_factory.mktemp(f"matrix-{request.param}")
    database = create_database() if request.param == "postgres" else None
    extra = {"AUTH_MODE": "users", "AUTH_SECRET": SECRET, "LOG_LEVEL": "DEBUG"}
    if database is not None:
        extra["DATABASE_URL"] = database
    try:
        with real_server(directory, extra) as server:
            keys = _keys(directory, offline_env(directory, **extra))
            yield World(server, keys, _alices_things(server, keys["alice"]))
    finally:
        if database is not None:
            drop_database(database)


def _routes(world: World) -> set[Route]:
    document = httpx.get(f"{world.server.base_url}/schema/openapi.json", timeout=30).json()
    listed = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    }
    assert not (set(CASES) - UNLISTED) - listed, "rows for routes the server no longer has"
    return listed | UNLISTED


def test_every_route_is_in_the_matrix_or_openly_allowed(world: World) -> None:
    forgotten = _routes(world) - set(CASES) - OPEN_ROUTES
    assert not forgotten, f"add these routes to CASES (or, if truly open, OPEN_ROUTES): {forgotten}"


def test_no_wrong_or_revoked_key_opens_any_route(world: World) -> None:
    alice = world.keys["alice"]
    forged = alice[:-1] + ("A" if alice[-1] != "A" else "B")
    refused: list[str] = []
    for route in sorted(_routes(world) - OPEN_ROUTES):
        for label, key in (
            ("no key", None),
            ("wrong key", forged),
            ("removed user's key", world.keys["removed"]),
            ("rotated-away key", world.keys["rotated"]),
        ):
            status = world.call(route, key).status_code
            if status != 401:
                refused.append(f"{route} with {label}: {status}")
    assert not refused, refused
    for route in OPEN_ROUTES:
        assert world.call(route, None).status_code == 200, route


def test_other_peoples_ids_are_missing_and_the_owner_gets_through(world: World) -> None:
    wrong: list[str] = []
    owned = sorted(
        route for route in _routes(world) if CASES.get(route, Case("own")).kind == "owned"
    )
    for route in owned:
        for who in ("bob", "root"):  # an admin reads others' chats only through /admin
            status = world.call(route, world.keys[who]).status_code
            if status != 404:
                wrong.append(f"{route} as {who}: {status}, not 404")
    for route in owned:  # after bob: what alice runs might end her run or session
        if not CASES[route].destructive:
            _expect_through(world, route, wrong)
    assert not wrong, wrong


def _expect_through(world: World, route: Route, wrong: list[str]) -> None:
    status = world.call(route, world.keys["alice"]).status_code
    if status in (401, 403, 404) or status >= 500:
        wrong.append(f"{route} as alice: {status}")


def test_the_callers_own_space_shows_nothing_of_anyone_else(world: World) -> None:
    for route, case in CASES.items():
        if case.kind != "own":
            continue
        answer = world.call(route, world.keys["bob"])
        assert answer.status_code < 400, (route, answer.status_code, answer.text)
        assert world.ids["session_id"] not in answer.text, route
        assert TITLE not in answer.text or route == ("POST", "/api/v1/sessions/import"), route


def test_admin_routes_refuse_non_admins_and_answer_an_admin(world: World) -> None:
    for route, case in CASES.items():
        if case.kind != "admin":
            continue
        for who in ("alice", "bob"):
            answer = world.call(route, world.keys[who])
            assert answer.status_code == 403, (route, who, answer.status_code)
            assert answer.json()["error"] == "forbidden"
        assert world.call(route, world.keys["root"]).status_code == 200, route


async def test_over_mcp_bob_cannot_continue_alices_chat_and_no_key_is_refused(
    world: World,
) -> None:
    url = f"{world.server.base_url}/mcp"
    async with httpx.AsyncClient(timeout=30) as raw:
        for key in (None, "ma_000000000000_" + "A" * 43, world.keys["removed"]):
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            assert (await raw.post(url, json={}, headers=headers)).status_code == 401
    bearer = {"Authorization": f"Bearer {world.keys['bob']}"}
    async with (
        httpx2.AsyncClient(headers=bearer, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        arguments = {"question": QUESTION, "session_id": world.ids["session_id"]}
        asked = await client.call_tool(ASK_TOOL, arguments)
    assert asked.is_error and "not found" in asked.content[0].text, asked.content


def test_the_owner_clears_and_deletes_her_own_session(world: World) -> None:
    """After every other check has used alice's session: the messages go, then the session."""
    wrong: list[str] = []
    destructive = [route for route, case in CASES.items() if case.destructive]
    for route in sorted(destructive, key=lambda route: -len(route[1])):
        _expect_through(world, route, wrong)
    assert not wrong, wrong


def test_the_log_of_the_run_holds_no_key(world: World) -> None:
    """Runs last for its engine: it stops the server, so every line has been written."""
    world.server.stop()
    logged = world.server.log()
    assert "admin read: admin=root" in logged  # the log is the real one, at DEBUG
    for name, key in world.keys.items():
        assert key not in logged and key[-43:] not in logged, name
