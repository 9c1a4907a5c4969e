"""The installed CLI against the real server process on the offline defaults.

Covers the README's commands: `serve`, `chat --url` / `--in-process`, `sessions list|export`,
`db check`, `up` (with a tiny Streamlit script standing in for the UI) and the access log.
Every test runs once on SQLite and once on PostgreSQL (`engine_env`: a database of its own,
dropped after).
"""

import json
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.support.cli import CLI, closed_port, http_ok, offline_env, wait_until

START_TIMEOUT = 180.0  # the first run imports the offline catalog (~15 s on 2 busy cores)


class Server:
    def __init__(
        self, url: str, log: Path, process: subprocess.Popen[bytes], engine: dict[str, str]
    ) -> None:
        self.url, self.log, self.process, self.engine = url, log, process, engine

    def log_lines(self) -> list[dict[str, object]]:
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.fixture
def server(
    tmp_path_factory: pytest.TempPathFactory, engine_env: dict[str, str]
) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("serve")
    port = closed_port()
    log = directory / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port)],
            env=offline_env(directory, **engine_env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        started = wait_until(
            lambda: http_ok(f"{url}/ready") or process.poll() is not None, START_TIMEOUT
        )
        assert started and process.poll() is None, log.read_text()[-3000:]
        yield Server(url, log, process, engine_env)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=env)


def _stored_messages(server: Server, session_id: str) -> int:
    """Read the engine's own storage, to show which database the server really wrote."""
    query = "SELECT count(*) FROM messages WHERE session_id = %s"
    if "DATABASE_URL" in server.engine:
        assert not (server.log.parent / "chat.db").exists()
        with psycopg.connect(server.engine["DATABASE_URL"]) as connection:
            row = connection.execute(query, (session_id,)).fetchone()
    else:
        with sqlite3.connect(server.log.parent / "chat.db") as connection:
            row = connection.execute(query.replace("%s", "?"), (session_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_chat_streams_an_answer_from_the_running_server(server: Server, tmp_path: Path) -> None:
    done = _cli("chat", "--url", server.url, "-m", "Who directed Alien?", env=offline_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Ridley Scott" in done.stdout
    session_id = done.stderr.split("session ", 1)[1].split()[0]
    assert _stored_messages(server, session_id) == 2

    metrics = httpx.get(f"{server.url}/metrics", timeout=10).text
    assert 'movie_analyst_runs_total{status="succeeded"}' in metrics
    runs = [line for line in server.log_lines() if line["msg"] == "run"]
    assert any(line["session_id"] == session_id and line["tool_calls"] for line in runs), runs

    listed = _cli("sessions", "list", "--json", "--url", server.url, env=offline_env(tmp_path))
    assert session_id in [s["session_id"] for s in json.loads(listed.stdout)["sessions"]]

    archive = tmp_path / "chat.json"
    exported = _cli(
        "sessions", "export", session_id, "-o", str(archive), "--url", server.url,
        env=offline_env(tmp_path),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert "Ridley Scott" in archive.read_text()

    imported = _cli(
        "sessions", "import", str(archive), "--url", server.url, env=offline_env(tmp_path)
    )
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.strip()
    assert new_id and new_id != session_id
    markdown = _cli(
        "sessions", "export", new_id, "--format", "markdown", "--url", server.url,
        env=offline_env(tmp_path),
    )  # fmt: skip
    assert markdown.returncode == 0 and "Ridley Scott" in markdown.stdout

    deleted = _cli("sessions", "delete", new_id, "--url", server.url, env=offline_env(tmp_path))
    assert deleted.returncode == 0, deleted.stderr


def test_every_request_has_one_access_line_with_its_request_id(server: Server) -> None:
    httpx.get(f"{server.url}/api/v1/sessions", headers={"x-request-id": "e2e-abc"}, timeout=10)
    assert wait_until(
        lambda: any(line.get("request_id") == "e2e-abc" for line in server.log_lines()), 5
    )
    [line] = [line for line in server.log_lines() if line.get("request_id") == "e2e-abc"]
    assert line["msg"] == "request"
    assert (line["route"], line["status"]) == ("/api/v1/sessions", 200)


def test_metrics_and_ready_answer(server: Server) -> None:
    metrics = httpx.get(f"{server.url}/metrics", timeout=10)
    assert metrics.status_code == 200
    assert "movie_analyst_http_request_duration_seconds_bucket" in metrics.text
    assert httpx.get(f"{server.url}/ready", timeout=10).json()["status"] == "ready"


def test_db_check_and_backup_while_the_server_runs(server: Server) -> None:
    if "DATABASE_URL" in server.engine:
        url = server.engine["DATABASE_URL"]
        done = _cli("db", "check", "--url", url)
        assert done.returncode == 0, done.stderr
        assert "ok (schema version" in done.stdout
        refused = _cli("db", "backup", str(server.log.parent / "copy.db"), "--url", url)
        assert refused.returncode == 2 and "pg_dump" in refused.stderr
        return
    database = server.log.parent / "chat.db"
    done = _cli("db", "check", "--database", str(database))
    assert done.returncode == 0, done.stderr
    assert "ok" in done.stdout
    copy = server.log.parent / "backup" / "copy.db"
    backed_up = _cli("db", "backup", str(copy), "--database", str(database))  # while serving
    assert backed_up.returncode == 0, backed_up.stderr
    assert _cli("db", "check", "--database", str(copy)).returncode == 0


def test_chat_in_process_needs_no_server(tmp_path: Path, engine_env: dict[str, str]) -> None:
    env = offline_env(tmp_path, **engine_env)
    done = _cli("chat", "--in-process", "-m", "Who directed Jaws?", env=env, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Steven Spielberg" in done.stdout
    assert (tmp_path / "chat.db").exists() == ("DATABASE_URL" not in engine_env)


def test_up_starts_the_api_then_the_ui_and_ctrl_c_stops_both(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    script = tmp_path / "app.py"
    script.write_text("import streamlit as st\nst.write('stand-in UI')\n")
    api_port, ui_port = closed_port(), closed_port()
    log = tmp_path / "up.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "up", "--port", str(api_port), "--ui-port", str(ui_port), "--app", str(script)],
            env=offline_env(tmp_path, **engine_env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    ui_health = f"http://127.0.0.1:{ui_port}/_stcore/health"
    try:
        assert wait_until(lambda: http_ok(ui_health) or process.poll() is not None, START_TIMEOUT)
        assert process.poll() is None, log.read_text()[-3000:]
        assert http_ok(f"http://127.0.0.1:{api_port}/ready")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0, log.read_text()[-3000:]
    assert not http_ok(ui_health)
    assert not http_ok(f"http://127.0.0.1:{api_port}/ready")
