"""kill -9 of a real `movie-analyst serve` process mid-stream, with a queued message behind the
run (both storage engines): after the restart the interrupted run keeps the answer its client
had seen, and the queued message is answered instead of being marked interrupted."""

import contextlib
import json
import signal
import time
from pathlib import Path

import httpx
from httpx_sse import connect_sse

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.loopback import RecordedRequest
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.llm_gateway import answer
from tests.support.server_process import ServerProcess, serve_process

WORDS = [f"w{i}" for i in range(400)]
LONG = Reply(text=answer(" ".join(WORDS)), token_delay=0.04)
QUEUED_ANSWER = "The queued one, answered."


def _reply(request: RecordedRequest) -> Reply:
    asked = json.dumps(request.body["messages"][-1])
    return LONG if "long" in asked else Reply(text=answer(QUEUED_ANSWER))


def _stream_then_kill(server: ServerProcess, session_id: str) -> tuple[str, str]:
    """Read the answer until 20 words are out, 1.5 s more, then kill -9 the server.

    Returns (text seen after 20 words, all the text seen)."""
    body = {"session_id": session_id, "message": "a long story", "stream": True}
    seen, early = "", ""
    with (
        httpx.Client(timeout=30) as client,
        connect_sse(client, "POST", f"{server.url}/api/v1/chat", json=body) as source,
    ):
        deadline = None
        for sse in source.iter_sse():
            seen += json.loads(sse.data).get("content", "")
            if deadline is None and len(seen.split()) >= 20:
                early, deadline = seen, time.monotonic() + 1.5
                _queue(server, session_id)
            if deadline is not None and time.monotonic() > deadline:
                break
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
    return early, seen


def _queue(server: ServerProcess, session_id: str) -> None:
    """Send a second message, queued behind the running one; do not wait for its answer."""
    queued = {"session_id": session_id, "message": "and then?"}
    with contextlib.suppress(httpx.ReadTimeout):  # the run goes on without its client
        httpx.post(f"{server.url}/api/v1/chat", json=queued, timeout=httpx.Timeout(30, read=0.3))


def _wait_succeeded(url: str, run_id: str) -> None:
    deadline = time.monotonic() + 30
    while httpx.get(f"{url}/api/v1/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the queued message was not answered"
        time.sleep(0.1)


def test_kill_9_keeps_the_partial_answer_and_runs_the_queued_message(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    env = {**engine_env, "CONCURRENT_MESSAGE_POLICY": "enqueue"}
    with FakeOpenAIServer() as llm:
        llm.responder = _reply
        with serve_process(tmp_path, llm.base_url, **env) as server:
            session_id = httpx.post(f"{server.url}/api/v1/session/new").json()["session_id"]
            early, seen = _stream_then_kill(server, session_id)

        with serve_process(tmp_path, llm.base_url, **env) as again:
            messages = httpx.get(f"{again.url}/api/v1/session/{session_id}/messages").json()
            runs = {m["run_id"] for m in messages["messages"]}
            queued_run = [m["run_id"] for m in messages["messages"] if m["content"] == "and then?"]
            assert len(runs) == 2 and len(queued_run) == 1
            _wait_succeeded(again.url, queued_run[0])
            stored = httpx.get(f"{again.url}/api/v1/session/{session_id}/messages").json()
            assert again.errors() == []

    conversation = [(m["role"], m["content"], m["stopped"]) for m in stored["messages"]]
    assert [c[:1] for c in conversation] == [("user",), ("assistant",), ("user",), ("assistant",)]
    partial = conversation[1][1]
    assert conversation[1][2] is True
    assert partial.startswith(early) and seen.startswith(partial)  # at most 0.5 s behind
    assert conversation[2:] == [("user", "and then?", False), ("assistant", QUEUED_ANSWER, False)]
