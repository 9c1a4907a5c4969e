"""Per-user limits through the real server: 429 with Retry-After on every door, nothing of the
refused question stored, budgets per user that renew by themselves, on the embedded default
(in-process counts) and on PostgreSQL + Redis (counts shared by replicas); no key in the log."""

import asyncio
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.support.cli import CLI, offline_env
from tests.support.mcp_tools import ASK_TOOL
from tests.support.real_server import RealServer, real_server
from tests.support.redis_server import redis_prefix, redis_url

__all__ = ["redis_prefix", "redis_url"]  # fixtures

SECRET = "e2e-limits-secret-0123456789abcdef"
QUESTION = "Who directed Jaws?"


class Api:
    def __init__(self, server: RealServer, key: str) -> None:
        self.server, self.key = server, key
        self.headers = {"Authorization": f"Bearer {key}"}

    def post(self, path: str, body: dict[str, object]) -> httpx.Response:
        url = f"{self.server.base_url}{path}"
        return httpx.post(url, json=body, headers=self.headers, timeout=60)

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.server.base_url}{path}", headers=self.headers, timeout=60)

    def new_session(self) -> str:
        return str(self.post("/api/v1/session/new", {}).json()["session_id"])

    def ask(self, session_id: str) -> httpx.Response:
        return self.post("/api/v1/chat", {"session_id": session_id, "message": QUESTION})

    def message_count(self, session_id: str) -> int:
        return len(self.get(f"/api/v1/session/{session_id}/messages").json()["messages"])


def _new_key(directory: Path, env: dict[str, str], name: str) -> str:
    done = subprocess.run(
        [*CLI, "users", "add", name], cwd=directory, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(params=["embedded", "postgres-redis"])
def shared_env(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "embedded":
        return {}
    return {
        "DATABASE_URL": request.getfixturevalue("postgres_url"),
        "REDIS_URL": request.getfixturevalue("redis_url"),
        "REDIS_KEY_PREFIX": request.getfixturevalue("redis_prefix"),
    }


@pytest.fixture
def team(tmp_path: Path, shared_env: dict[str, str]) -> Iterator[tuple[Api, Api]]:
    extra = {
        **shared_env,
        "AUTH_MODE": "users",
        "AUTH_SECRET": SECRET,
        "USER_RUNS_PER_MINUTE": "2",
        "LOG_LEVEL": "DEBUG",
    }
    with real_server(tmp_path, extra) as server:
        env = offline_env(tmp_path, **extra)
        yield (
            Api(server, _new_key(tmp_path, env, "alice")),
            Api(server, _new_key(tmp_path, env, "bob")),
        )


def _retry_after(answer: httpx.Response) -> int:
    seconds = int(answer.headers["retry-after"])
    assert 1 <= seconds <= 60
    return seconds


async def _mcp_ask(api: Api) -> tuple[bool, str]:
    async with (
        httpx2.AsyncClient(headers=api.headers, timeout=60) as http,
        Client(streamable_http_client(f"{api.server.base_url}/mcp", http_client=http)) as client,
    ):
        asked = await client.call_tool(ASK_TOOL, {"question": QUESTION})
        return bool(asked.is_error), asked.content[0].text


async def test_questions_over_a_users_minute_get_429_on_every_door_and_renew(
    team: tuple[Api, Api],
) -> None:
    alice, bob = team
    session = alice.new_session()
    assert alice.ask(session).status_code == 200
    assert alice.ask(session).status_code == 200
    stored = alice.message_count(session)

    refused = alice.ask(session)
    assert refused.status_code == 429, refused.text
    body = refused.json()
    assert body["status_code"] == 429 and body["error"] == "usage_limit_reached"
    assert "2 questions a minute" in body["detail"] and body["retry_after"] >= 1
    wait = _retry_after(refused)
    streamed = alice.post(
        "/api/v1/chat", {"session_id": session, "message": QUESTION, "stream": True}
    )
    assert streamed.status_code == 429
    openai = alice.post(
        "/v1/chat/completions",
        {"model": "movie-analyst", "messages": [{"role": "user", "content": QUESTION}]},
    )
    assert openai.status_code == 429 and _retry_after(openai)
    assert openai.json()["error"]["type"] == "rate_limit_error"
    assert "2 questions a minute" in openai.json()["error"]["message"]
    is_error, text = await _mcp_ask(alice)
    assert is_error and "2 questions a minute" in text
    assert alice.message_count(session) == stored, "a refused question is not stored"
    titles = [s["title"] for s in alice.get("/api/v1/sessions").json()["sessions"]]
    assert len(titles) == 1, f"no conversation was seeded for a refused question: {titles}"

    bob_session = bob.new_session()
    assert bob.ask(bob_session).status_code == 200, "bob's budget is his own"

    await asyncio.sleep(wait + 0.5)
    assert alice.ask(session).status_code == 200, "the budget renews with the next minute"

    alice.server.stop()
    logged = alice.server.log()
    for key in (alice.key, bob.key):
        assert key not in logged and key[-43:] not in logged


def test_a_days_tokens_close_a_proxy_users_budget_and_are_counted_under_their_id(
    tmp_path: Path,
) -> None:
    extra = {"AUTH_MODE": "proxy", "TRUSTED_PROXIES": "127.0.0.0/8", "USER_TOKENS_PER_DAY": "1"}
    with real_server(tmp_path, extra) as server:
        erin = Api(server, "unused")
        erin.headers = {"X-Forwarded-User": "erin@example.org"}
        health = httpx.get(f"{server.base_url}/api/v1/health", timeout=10).json()
        assert health["auth_mode"] == "proxy"
        me = erin.get("/api/v1/me").json()
        assert me["auth_mode"] == "proxy" and me["user"]["name"] == "erin@example.org"
        assert me["limits"] == {"runs_per_minute": 0, "tokens_per_day": 1}
        session = erin.new_session()
        assert erin.ask(session).status_code == 200
        refused = erin.ask(session)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 60
        assert "daily LLM token limit" in refused.json()["detail"]
        metrics = httpx.get(f"{server.base_url}/metrics", timeout=10).text
        user_id = re.escape(me["user"]["id"])
        pattern = rf'movie_analyst_llm_tokens_total{{kind="input",user="{user_id}"}} [1-9]'
        assert re.search(pattern, metrics), metrics[-2000:]
