"""The sessions API on the real server process: bearer token, request ids in the log, restart.

Once on SQLite and once on PostgreSQL (`engine_env`).
One server runs with API_AUTH_TOKEN set; it is stopped with SIGTERM and started again on the
same database to show that sessions survive a restart (and the migrations run only once).
"""

import json
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.cli import CLI, closed_port, http_ok, offline_env, wait_until

START_TIMEOUT = 180.0  # a first run may import the offline catalog (~15 s on busy cores)
TOKEN = "e2e-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@contextmanager
def _server(directory: Path, engine: dict[str, str]) -> Iterator[str]:
    port = closed_port()
    log = directory / "server.log"
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port)],
            env=offline_env(directory, API_AUTH_TOKEN=TOKEN, **engine),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        started = wait_until(
            lambda: http_ok(f"{url}/health") or process.poll() is not None, START_TIMEOUT
        )
        assert started and process.poll() is None, log.read_text()[-3000:]
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _log_lines(directory: Path) -> list[dict[str, object]]:
    text = (directory / "server.log").read_text()
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_sessions_survive_a_restart_behind_the_token(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    with _server(tmp_path, engine_env) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/health").json()["components"]["database"]["status"] == "ok"
        assert client.get("/api/v1/sessions").status_code == 401
        created = client.post(
            "/api/v1/session/new",
            json={"title": "Noir \u202eעברית\x00"},
            headers={**AUTH, "X-Request-ID": "e2e-create-1"},
        )
        assert created.status_code == 200, created.text
        assert created.headers["x-request-id"] == "e2e-create-1"
        session_id = created.json()["session_id"]
        renamed = client.patch(
            f"/api/v1/session/{session_id}", json={"title": "Heist"}, headers=AUTH
        )
        assert renamed.json()["title"] == "Heist"
        missing = client.get("/api/v1/session/not-a-uuid", headers=AUTH)
        assert missing.status_code == 404

    logged = [line for line in _log_lines(tmp_path) if line.get("request_id") == "e2e-create-1"]
    assert logged, "the access log line of the request carries its id"

    with _server(tmp_path, engine_env) as url, httpx.Client(base_url=url, timeout=10) as client:
        listed = client.get("/api/v1/sessions", headers=AUTH).json()["sessions"]
        assert [(s["session_id"], s["title"]) for s in listed] == [(session_id, "Heist")]
        gone = client.delete(f"/api/v1/session/{session_id}", headers=AUTH)
        assert gone.json() == {"status": "deleted", "session_id": session_id}
        assert client.get(f"/api/v1/session/{session_id}", headers=AUTH).status_code == 404
