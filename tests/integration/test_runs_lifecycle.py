"""Runs outlive their clients, stop when asked, can be joined, and end cleanly on shutdown."""

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx

from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.llm_gateway import ScriptedLLMGateway, answer
from tests.support.runs_http import Served, answer_text, read_sse, runs_app

LONG_ANSWER = answer(" ".join(f"word{i}" for i in range(60)))


async def _messages(client: httpx.AsyncClient, session_id: str) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/session/{session_id}/messages")
    return list(response.json()["messages"])


async def _wait_status(
    app: Served, run_id: str, wanted: set[str], seconds: float = 5
) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        while True:
            run = (await app.client.get(f"/api/v1/runs/{run_id}")).json()
            if run["status"] in wanted:
                return dict(run)
            await asyncio.sleep(0.02)


async def test_a_client_disconnecting_mid_stream_does_not_stop_the_run(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.01)
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk", "stream": True}
        first = await read_sse(app.client, "POST", "/api/v1/chat", json=body, limit=5)
        assert len(first) == 5 and not first[-1].data.get("done")  # then we hang up

        status = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()
        assert status["pending"] is True and status["task_count"] == 1
        run = await _wait_status(app, status["run_id"], {"succeeded"})
        assert run["answer_message_id"]
        stored = await _messages(app.client, session_id)
        assert stored[-1]["content"] == " ".join(f"word{i}" for i in range(60))
        assert gateway.streams_aborted == 0


async def test_cancel_aborts_the_model_call_and_keeps_the_partial_answer(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.02)
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk", "stream": True}
        seen = await read_sse(app.client, "POST", "/api/v1/chat", json=body, limit=4)
        run_id = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()["run_id"]

        started = time.monotonic()
        cancelled = await app.client.post(f"/api/v1/session/{session_id}/cancel")
        assert cancelled.json() == {"session_id": session_id, "cancelled": True}
        await asyncio.wait_for(gateway.aborted.wait(), 1)
        assert time.monotonic() - started < 1.0
        assert (gateway.streams_aborted, gateway.streams_completed) == (1, 0)

        run = (await app.client.get(f"/api/v1/runs/{run_id}")).json()
        assert run["status"] == "cancelled"
        partial = (await _messages(app.client, session_id))[-1]
        assert partial["role"] == "assistant" and partial["content"].startswith(answer_text(seen))
        again = await app.client.post(f"/api/v1/runs/{run_id}/cancel")
        assert again.json() == {"run_id": run_id, "cancelled": False, "status": "cancelled"}


async def test_joining_with_last_event_id_gets_exactly_the_missing_events(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.005)
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk", "stream": True}
        first = await read_sse(app.client, "POST", "/api/v1/chat", json=body, limit=7)
        run_id = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()["run_id"]
        rest = await read_sse(
            app.client, "GET", f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": "7"}
        )
        everything = await read_sse(app.client, "GET", f"/api/v1/runs/{run_id}/events")

        assert [e.id for e in first + rest] == [e.id for e in everything]
        assert [e.data for e in first + rest] == [e.data for e in everything]
        assert rest[-1].data["done"] is True
        assert answer_text(first + rest) == " ".join(f"word{i}" for i in range(60))


async def test_malformed_replies_stop_at_max_iterations(tmp_path: Path) -> None:
    malformed = "Thought: let me see\nAction: search_media\nAction Input: {not json"
    gateway = ScriptedLLMGateway(default=malformed)
    env = {"AGENT_MAX_ITERATIONS": "3"}
    async with runs_app(tmp_path, gateway, env=env) as app:
        session_id = await app.new_session()
        response = await app.client.post(
            "/api/v1/chat", json={"session_id": session_id, "message": "hi"}
        )
        assert response.status_code == 502
        assert "3 steps" in response.json()["detail"]
        assert len(gateway.requests) == 3
        assert [m["role"] for m in await _messages(app.client, session_id)] == [
            "user",
            "assistant",
        ]


async def test_enqueue_policy_queues_and_answers_in_order(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("one"), answer("two"), latency=0.1)
    env = {"CONCURRENT_MESSAGE_POLICY": "enqueue"}
    async with runs_app(tmp_path, gateway, env=env) as app:
        session_id = await app.new_session()
        replies = await asyncio.gather(
            *(
                app.client.post("/api/v1/chat", json={"session_id": session_id, "message": m})
                for m in ("first", "second")
            )
        )
        assert [r.status_code for r in replies] == [200, 200]
        stored = await _messages(app.client, session_id)
        assert [m["role"] for m in stored] == ["user", "assistant", "user", "assistant"]
        assert [m["content"] for m in stored[1::2]] == ["one", "two"]


async def test_shutdown_marks_the_run_in_flight_interrupted(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.05)
    async with runs_app(tmp_path, gateway, env={"SHUTDOWN_GRACE_SECONDS": "0"}) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk", "stream": True}
        await read_sse(app.client, "POST", "/api/v1/chat", json=body, limit=3)
        run_id = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()["run_id"]

    repository = SqliteChatRepository(str(tmp_path / "chat.db"))
    await repository.start()
    try:
        run = await repository.get_run(run_id)
        assert run is not None and run.status.value == "interrupted" and run.error
        last = (await repository.last_messages(session_id, 1))[0]
        assert last.role.value == "assistant" and last.stopped
    finally:
        await repository.aclose()
    assert gateway.streams_aborted == 1


async def test_cancel_aborts_a_real_http_model_call(tmp_path: Path) -> None:
    with FakeOpenAIServer() as server:
        server.default = Reply(text=LONG_ANSWER, token_delay=0.05)
        env = {"LLM_PROVIDER": "openai", "OPENAI_BASE_URL": server.base_url, "HTTP_RETRIES": "0"}
        async with runs_app(tmp_path, None, env=env) as app:
            session_id = await app.new_session()
            body = {"session_id": session_id, "message": "talk", "stream": True}
            seen = await read_sse(app.client, "POST", "/api/v1/chat", json=body, limit=3)
            assert len(seen) == 3 and server.completions[-1].aborted is False

            await app.client.post(f"/api/v1/session/{session_id}/cancel")
            started = time.monotonic()
            aborted = await asyncio.to_thread(
                server.wait_for, lambda: server.completions[-1].aborted, 2
            )
            assert aborted and time.monotonic() - started < 1.0
            assert len(server.completions) == 1  # and no further call after the cancel
