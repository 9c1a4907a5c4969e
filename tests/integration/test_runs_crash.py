"""kill -9 of a real server process mid-run: after a restart the run is `interrupted`."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from httpx_sse import connect_sse

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.llm_gateway import answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(tmp_path: Path, llm_url: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "chat.db"),
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": llm_url,
        "HTTP_RETRIES": "0",
    }
    command = [sys.executable, "-m", "uvicorn", "movie_analyst.entrypoints.http.app:create_app"]
    command += ["--factory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=tmp_path, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base)
        yield process, base
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited during startup"
        try:
            httpx.get(f"{base}/api/v1/sessions", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def test_kill_9_mid_run_leaves_an_interrupted_run_after_restart(tmp_path: Path) -> None:
    with FakeOpenAIServer() as llm:
        llm.default = Reply(text=answer("word " * 200), token_delay=0.05)
        with _server(tmp_path, llm.base_url) as (process, base):
            session_id = httpx.post(f"{base}/api/v1/session/new").json()["session_id"]
            body = {"session_id": session_id, "message": "tell me a long story", "stream": True}
            with (
                httpx.Client(timeout=10) as client,
                connect_sse(client, "POST", f"{base}/api/v1/chat", json=body) as source,
            ):
                for count, _sse in enumerate(source.iter_sse(), start=1):
                    if count == 3:
                        break
            status = httpx.get(f"{base}/api/v1/session/{session_id}/status").json()
            assert status["pending"] is True
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)

        with _server(tmp_path, llm.base_url) as (_, base):
            run = httpx.get(f"{base}/api/v1/runs/{status['run_id']}").json()
            assert run["status"] == "interrupted" and run["error"]
            messages = httpx.get(f"{base}/api/v1/session/{session_id}/messages").json()
            stored = [(m["role"], m["content"]) for m in messages["messages"]]
            assert stored[0] == ("user", "tell me a long story")
            assert [role for role, _ in stored] == ["user", "assistant"]
            llm.default = Reply(text=answer("Back again."))
            again = httpx.post(
                f"{base}/api/v1/chat", json={"session_id": session_id, "message": "hi"}, timeout=30
            )
            assert again.status_code == 200 and again.json()["content"] == "Back again."

    with sqlite3.connect(tmp_path / "chat.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
