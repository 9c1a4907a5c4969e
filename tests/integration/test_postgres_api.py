"""The API on PostgreSQL: a chat end to end, two processes racing in one session, and the
database going away under a running app (503, /ready 503, then healed)."""

import asyncio
import time
from pathlib import Path

from tests.fakes.llm_gateway import ScriptedLLMGateway, answer
from tests.support.postgres import ThrowawayServer
from tests.support.runs_http import runs_app


async def test_a_chat_on_postgres_keeps_its_messages(tmp_path: Path, postgres_url: str) -> None:
    gateway = ScriptedLLMGateway(answer("Ridley Scott directed Alien (1979)."))
    async with runs_app(tmp_path, gateway, env={"DATABASE_URL": postgres_url}) as app:
        session_id = await app.new_session()
        reply = await app.client.post(
            "/api/v1/chat", json={"session_id": session_id, "message": "Who directed Alien?"}
        )
        assert reply.status_code == 200, reply.text
        messages = (await app.client.get(f"/api/v1/session/{session_id}/messages")).json()
        contents = [m["content"] for m in messages["messages"]]
        assert contents == ["Who directed Alien?", "Ridley Scott directed Alien (1979)."]
        found = (await app.client.get("/api/v1/search", params={"q": "ridley"})).json()
        assert found["results"][0]["session_id"] == session_id
        assert (await app.client.get("/ready")).status_code == 200


async def test_two_processes_racing_in_one_session_give_one_run_and_one_409(
    tmp_path: Path, postgres_url: str
) -> None:
    env = {"DATABASE_URL": postgres_url}
    async with (
        runs_app(tmp_path / "a", ScriptedLLMGateway(latency=1.0), env=env) as one,
        runs_app(tmp_path / "b", ScriptedLLMGateway(latency=1.0), env=env) as other,
    ):
        session_id = await one.new_session()
        body = {"session_id": session_id, "message": "Who directed Alien?"}
        replies = await asyncio.gather(
            one.client.post("/api/v1/chat", json=body), other.client.post("/api/v1/chat", json=body)
        )
        assert sorted(r.status_code for r in replies) == [200, 409], [r.text for r in replies]
        busy = next(r for r in replies if r.status_code == 409).json()
        assert busy["error"] == "session_busy"
        messages = (await other.client.get(f"/api/v1/session/{session_id}/messages")).json()
        assert [m["role"] for m in messages["messages"]] == ["user", "assistant"]


async def test_the_database_going_away_answers_503_then_heals(
    tmp_path: Path, throwaway_server: ThrowawayServer
) -> None:
    server = throwaway_server
    env = {"DATABASE_URL": server.url}
    async with runs_app(tmp_path, ScriptedLLMGateway(), env=env) as app:
        session_id = await app.new_session()
        server.stop()
        down = await app.client.get(f"/api/v1/session/{session_id}/messages")
        assert down.status_code == 503 and down.json()["error"] == "storage_unavailable"
        assert "unreachable" in down.json()["detail"]
        ready = await app.client.get("/ready")
        assert ready.status_code == 503 and "unreachable" in ready.json()["checks"]["database"]
        server.start()
        deadline = time.monotonic() + 30
        while (await app.client.get("/ready")).status_code != 200:
            assert time.monotonic() < deadline, "the pool did not heal"
            await asyncio.sleep(0.2)
        back = await app.client.get(f"/api/v1/session/{session_id}/messages")
        assert back.status_code == 200 and back.json()["messages"] == []
