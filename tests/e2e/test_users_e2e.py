"""AUTH_MODE=users through the real server on both engines: keys made by `movie-analyst users`
open /api/v1 (and /v1), anything else gets the API's 401, and no key reaches a log."""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.cli import CLI, offline_env
from tests.support.real_server import RealServer, real_server

SECRET = "e2e-users-secret-0123456789abcdef"
KEY = re.compile(r"ma_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


class Team:
    def __init__(self, server: RealServer, env: dict[str, str], directory: Path) -> None:
        self.server, self.env, self.directory = server, env, directory
        self.stderr: list[str] = []  # what the commands wrote beside the keys

    def users(self, *argv: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*CLI, "users", *argv], cwd=self.directory, env=self.env,
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        self.stderr.append(done.stderr)
        return done

    def new_key(self, *argv: str) -> str:
        done = self.users(*argv)
        assert done.returncode == 0, done.stderr
        assert KEY.fullmatch(done.stdout.removesuffix("\n")), done.stdout  # the key, alone
        return done.stdout.strip()

    def get(self, path: str, key: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return httpx.get(f"{self.server.base_url}{path}", headers=headers, timeout=10)


@pytest.fixture
def team(tmp_path: Path, engine_env: dict[str, str]) -> Iterator[Team]:
    extra = {**engine_env, "AUTH_MODE": "users", "AUTH_SECRET": SECRET, "LOG_LEVEL": "DEBUG"}
    with real_server(tmp_path, extra) as server:
        yield Team(server, offline_env(tmp_path, **extra), tmp_path)


def test_each_key_opens_the_api_until_it_is_rotated_or_removed(team: Team) -> None:
    alice = team.new_key("add", "alice", "--admin")
    bob = team.new_key("add", "bob")
    assert team.get("/api/v1/sessions", alice).status_code == 200
    assert team.get("/api/v1/sessions", bob).status_code == 200
    assert team.get("/v1/models", bob).status_code == 200

    listed = team.users("list")
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["alice", "admin"],
        ["bob", "user"],
    ]

    listing = [*CLI, "sessions", "list", "--url", team.server.base_url]
    for env, code in (({"MOVIE_ANALYST_API_KEY": bob}, 0), ({}, 1)):
        done = subprocess.run(
            listing, env={**team.env, **env}, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == code, done.stderr
    assert "401" in done.stderr and "users add" in done.stderr
    done = subprocess.run([*listing, "--api-key", alice], env=team.env, timeout=60)
    assert done.returncode == 0

    rotated = team.new_key("rotate-key", "bob")
    assert team.get("/api/v1/sessions", bob).status_code == 401
    assert team.get("/api/v1/sessions", rotated).status_code == 200
    assert team.users("remove", "alice").returncode == 0
    assert team.get("/api/v1/sessions", alice).status_code == 401
    assert team.users("remove", "alice").returncode == 2
    assert team.users("add", "bob").returncode == 2

    team.server.stop()
    logged = team.server.log() + "".join(team.stderr)
    assert "alice" in logged  # the log has lines about the users, and none of their keys
    for key in (alice, bob, rotated):
        assert key not in logged and key[-43:] not in logged


def test_no_key_or_a_wrong_one_gets_the_apis_401(team: Team) -> None:
    key = team.new_key("add", "carol")
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    for presented in (None, forged, "not-a-key", SECRET, key.upper()):
        answer = team.get("/api/v1/sessions", presented)
        assert answer.status_code == 401, presented
        assert answer.headers["www-authenticate"] == "Bearer"
        body = answer.json()
        assert body["status_code"] == 401 and body["error"] == "unauthorized"
        assert "users add" in body["detail"] and "x-request-id" in answer.headers
    openai = team.get("/v1/models")
    assert openai.status_code == 401 and openai.json()["error"]["code"] == "invalid_api_key"
    assert team.get("/api/v1/health").status_code == 200  # probes need no key
    assert team.get("/health").status_code == 200


def test_a_trusted_proxy_signs_people_in_and_creates_them_on_first_sight(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    extra = {
        **engine_env,
        "AUTH_MODE": "proxy",
        "TRUSTED_PROXIES": "127.0.0.0/8",
        "AUTH_SECRET": SECRET,  # only for `users add` below: this mode asks for no key
    }
    with real_server(tmp_path, extra) as server:
        team = Team(server, offline_env(tmp_path, **extra), tmp_path)
        team.new_key("add", "boss@example.org", "--admin")  # an admin, before their first visit
        admin = f"{server.base_url}/api/v1/admin/users"
        boss = {"X-Forwarded-User": "boss@example.org"}
        assert httpx.get(admin, headers=boss, timeout=10).status_code == 200
        signed_in = {"X-Forwarded-User": "erin@example.org"}
        url = f"{server.base_url}/api/v1/sessions"
        assert httpx.get(url, headers=signed_in, timeout=10).status_code == 200
        assert httpx.get(url, headers=signed_in, timeout=10).status_code == 200
        refused = httpx.get(url, timeout=10)
        assert refused.status_code == 401 and "X-Forwarded-User" in refused.json()["detail"]
        assert httpx.get(admin, headers=signed_in, timeout=10).status_code == 403
        listed = team.users("list").stdout.splitlines()
        assert [line.split("\t")[:2] for line in listed] == [
            ["boss@example.org", "admin"],
            ["erin@example.org", "user"],
        ]


def test_user_headers_from_an_untrusted_address_are_ignored(tmp_path: Path) -> None:
    extra = {"AUTH_MODE": "proxy", "TRUSTED_PROXIES": "10.9.9.9"}
    with real_server(tmp_path, extra) as server:
        spoofed = {"X-Forwarded-User": "mallory", "X-Forwarded-For": "10.9.9.9"}
        answer = httpx.get(f"{server.base_url}/api/v1/sessions", headers=spoofed, timeout=10)
        assert answer.status_code == 401
        assert httpx.get(f"{server.base_url}/health", timeout=10).status_code == 200
        team = Team(server, offline_env(tmp_path, **extra), tmp_path)
        assert team.users("list").stdout == ""  # nobody was created
