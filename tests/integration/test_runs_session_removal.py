"""Deleting or clearing a session mid-run, through the real server on both storage engines:
the run is cancelled first (its model call aborted), its chat request ends `cancelled`, and
nothing is logged as an error or stored after the clear."""

import asyncio
import logging
from pathlib import Path

import pytest

from tests.fakes.llm_gateway import ScriptedLLMGateway, answer
from tests.support.runs_http import Served, read_sse, runs_app

LONG_ANSWER = answer(" ".join(f"word{i}" for i in range(200)))


async def _wait_running(app: Served, session_id: str, runs: int = 1) -> str:
    """The id of the session's running run, once `runs` runs are active in it."""
    async with asyncio.timeout(5):
        while True:
            status = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()
            if status["pending"] and status["task_count"] >= runs:
                return str(status["run_id"])
            await asyncio.sleep(0.02)


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("route", ["/api/v1/session/{}", "/api/v1/session/{}/messages"])
async def test_removing_a_session_mid_stream_cancels_its_run_first(
    tmp_path: Path, engine_env: dict[str, str], caplog: pytest.LogCaptureFixture, route: str
) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.02)
    async with runs_app(tmp_path, gateway, env=engine_env) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk", "stream": True}
        stream = asyncio.create_task(read_sse(app.client, "POST", "/api/v1/chat", json=body))
        run_id = await _wait_running(app, session_id)
        await asyncio.sleep(0.1)  # some words are out

        removed = await app.client.delete(route.format(session_id))

        assert removed.status_code == 200
        assert gateway.aborted.is_set() and gateway.streams_completed == 0
        done = (await stream)[-1].data
        assert (done["done"], done["status"], done["run_id"]) == (True, "cancelled", run_id)
        await asyncio.sleep(0.2)  # a late write would land now
        left = await app.client.get(f"/api/v1/session/{session_id}/messages")
        if route.endswith("messages"):
            assert left.status_code == 200 and left.json()["messages"] == []
        else:
            assert left.status_code == 404
    assert _errors(caplog) == []


async def test_deleting_a_session_ends_a_waiting_chat_as_cancelled(
    tmp_path: Path, engine_env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    gateway = ScriptedLLMGateway(answer("too late"), latency=5.0)
    async with runs_app(tmp_path, gateway, env=engine_env) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "talk"}
        waiting = asyncio.create_task(app.client.post("/api/v1/chat", json=body))
        await _wait_running(app, session_id)

        assert (await app.client.delete(f"/api/v1/session/{session_id}")).status_code == 200

        reply = await asyncio.wait_for(waiting, 3)
        assert reply.status_code == 200 and reply.json()["status"] == "cancelled"
    assert _errors(caplog) == []


async def test_clearing_a_session_with_a_queued_message_stores_nothing_after(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.02)
    env = {**engine_env, "CONCURRENT_MESSAGE_POLICY": "enqueue"}
    async with runs_app(tmp_path, gateway, env=env) as app:
        session_id = await app.new_session()
        first = {"session_id": session_id, "message": "first", "stream": True}
        await read_sse(app.client, "POST", "/api/v1/chat", json=first, limit=1)
        second = {**first, "message": "second"}
        queued = asyncio.create_task(read_sse(app.client, "POST", "/api/v1/chat", json=second))
        await _wait_running(app, session_id, runs=2)

        cleared = await app.client.delete(f"/api/v1/session/{session_id}/messages")

        assert cleared.status_code == 200
        assert [e.data["status"] for e in await queued] == ["cancelled"]
        await asyncio.sleep(0.3)
        left = (await app.client.get(f"/api/v1/session/{session_id}/messages")).json()
        assert left["messages"] == [] and len(gateway.requests) == 1
