"""`movie-analyst serve --workers 2` on one port: two server processes (two replica ids behind
one socket) answer chats that any of them can follow, and one SIGTERM stops them all (exit 0)."""

import signal
import subprocess
from pathlib import Path

import httpx

from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.cli import CLI, closed_port, http_ok, offline_env, wait_until
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.replicas import QUICK_ANSWER, scripted_reply

__all__ = ["redis_prefix", "redis_url"]  # fixtures

START_TIMEOUT = 180.0


def _replicas_seen(url: str, tries: int = 300) -> set[str]:
    """Replica ids answering /health, each over a new connection, until two are seen."""
    seen: set[str] = set()
    for _ in range(tries):
        health = httpx.get(f"{url}/health", timeout=5).json()
        seen.add(health["components"]["runs"]["replica"])
        if len(seen) >= 2:
            break
    return seen


def test_two_workers_share_one_port_and_stop_together(
    tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str
) -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}"
    with FakeOpenAIServer() as llm, (tmp_path / "serve.log").open("wb") as log:
        llm.responder = scripted_reply
        env = offline_env(tmp_path)
        env.update(
            LLM_PROVIDER="openai", OPENAI_BASE_URL=llm.base_url, HTTP_RETRIES="0",
            DATABASE_URL=postgres_url, REDIS_URL=redis_url, REDIS_KEY_PREFIX=redis_prefix,
        )  # fmt: skip
        command = [*CLI, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            assert wait_until(lambda: http_ok(f"{url}/ready"), START_TIMEOUT)
            assert len(_replicas_seen(url)) == 2
            session_id = httpx.post(f"{url}/api/v1/session/new").json()["session_id"]
            for question in ("hi", "and you?", "bye"):  # each on a new connection
                reply = httpx.post(
                    f"{url}/api/v1/chat", json={"session_id": session_id, "message": question}
                )
                assert reply.status_code == 200 and reply.json()["content"] == QUICK_ANSWER
            messages = httpx.get(f"{url}/api/v1/session/{session_id}/messages").json()
            assert len(messages["messages"]) == 6
        finally:
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=60)
    assert code == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert not http_ok(f"{url}/health")
    logged = (tmp_path / "serve.log").read_text()
    assert "with 2 workers" in logged and "Traceback" not in logged, logged[-3000:]
