"""SIGTERM to a real `movie-analyst serve` process with runs in flight (both storage engines):
runs that end within SHUTDOWN_GRACE_SECONDS finish; the rest are stored `interrupted` with an
error and their partial answer; every attached SSE client gets a final event; exit code 0 and
no traceback."""

import json
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import connect_sse

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.loopback import RecordedRequest
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.llm_gateway import answer
from tests.support.server_process import ServerProcess, serve_process

GRACE = 3.0
LONG = Reply(text=answer(" ".join(f"w{i}" for i in range(400))), token_delay=0.05)  # ~20 s
SHORT = Reply(text=answer(" ".join(f"s{i}" for i in range(12))), token_delay=0.1)  # ~1.2 s


def _reply(request: RecordedRequest) -> Reply:
    return LONG if "long" in json.dumps(request.body["messages"][-1]) else SHORT


class Follower(threading.Thread):
    """One SSE client of POST /chat: every event it got, and the final one."""

    def __init__(self, base: str, session_id: str, message: str) -> None:
        super().__init__(daemon=True)
        self.body = {"session_id": session_id, "message": message, "stream": True}
        self.base = base
        self.events: list[dict[str, Any]] = []
        self.failure: Exception | None = None

    def run(self) -> None:
        try:
            with (
                httpx.Client(timeout=60) as client,
                connect_sse(client, "POST", f"{self.base}/api/v1/chat", json=self.body) as source,
            ):
                for sse in source.iter_sse():
                    self.events.append(json.loads(sse.data))
        except Exception as exc:
            self.failure = exc

    def words(self) -> int:
        return sum("content" in e for e in self.events)


def _start(server: ServerProcess, message: str) -> tuple[str, Follower]:
    session_id = httpx.post(f"{server.url}/api/v1/session/new").json()["session_id"]
    follower = Follower(server.url, session_id, message)
    follower.start()
    return session_id, follower


def _wait_words(followers: list[Follower], words: int = 3) -> None:
    deadline = time.monotonic() + 30
    while any(f.words() < words for f in followers):
        assert time.monotonic() < deadline, "the runs did not start streaming"
        time.sleep(0.05)


def _refused_within(url: str, seconds: float) -> bool:
    """Whether new connections to `url` are refused within `seconds` (the runs go on)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
        except httpx.ConnectError:
            return True
        time.sleep(0.1)
    return False


def test_sigterm_finishes_short_runs_and_interrupts_long_ones(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    with FakeOpenAIServer() as llm:
        llm.responder = _reply
        env = {**engine_env, "SHUTDOWN_GRACE_SECONDS": str(GRACE)}
        with serve_process(tmp_path, llm.base_url, **env) as server:
            long_session, long_run = _start(server, "tell me a long story")
            short_session, short_run = _start(server, "a short one")
            _wait_words([long_run, short_run])

            stopping = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            assert _refused_within(f"{server.url}/health", 3.0)  # no longer accepting
            code = server.process.wait(timeout=GRACE + 30)
            took = time.monotonic() - stopping
            long_run.join(5)
            short_run.join(5)

            assert code == 0, server.log_text()[-3000:]
            assert server.errors() == []
            assert GRACE - 0.5 < took < GRACE + 8
            assert (long_run.failure, short_run.failure) == (None, None)
            final = long_run.events[-1]
            assert (final["done"], final["status"]) == (True, "interrupted")
            assert final["error"]
            assert short_run.events[-1]["status"] == "succeeded"
            partial = "".join(e.get("content", "") for e in long_run.events)

        with serve_process(tmp_path, llm.base_url, **engine_env) as again:
            status = httpx.get(f"{again.url}/api/v1/runs/{final['run_id']}").json()
            assert status["status"] == "interrupted" and status["error"]
            messages = httpx.get(f"{again.url}/api/v1/session/{long_session}/messages").json()
            stored = messages["messages"][-1]
            assert stored["role"] == "assistant" and stored["content"].strip() == partial.strip()
            short = httpx.get(f"{again.url}/api/v1/session/{short_session}/messages").json()
            assert short["messages"][-1]["content"] == " ".join(f"s{i}" for i in range(12))
