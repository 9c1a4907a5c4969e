"""The app with REDIS_URL set: a chat runs through Redis, /health names the engines, /ready
pings Redis, and the replica's lease lives exactly as long as the app."""

from pathlib import Path

from redis.asyncio import Redis

from tests.fakes.llm_gateway import ScriptedLLMGateway, answer
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.runs_http import answer_text, read_sse, runs_app

__all__ = ["redis_prefix", "redis_url"]  # fixtures


async def test_a_chat_through_redis_and_the_engines_it_reports(
    tmp_path: Path, redis_url: str, redis_prefix: str
) -> None:
    gateway = ScriptedLLMGateway(answer("Ridley Scott directed Alien."))
    env = {"REDIS_URL": redis_url, "REDIS_KEY_PREFIX": redis_prefix}
    async with runs_app(tmp_path, gateway, env=env) as app, Redis.from_url(redis_url) as raw:
        health = (await app.client.get("/health")).json()["components"]
        replica = health["runs"]["replica"]
        assert health["runs"]["coordination"] == "redis" and replica
        assert health["database"] == {"status": "ok", "engine": "sqlite", "detail": None}
        ready = await app.client.get("/ready")
        assert ready.status_code == 200 and ready.json()["checks"]["coordination"] == "ok"
        assert await raw.exists(f"{redis_prefix}replica:{replica}")

        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "Who directed Alien?", "stream": True}
        events = await read_sse(app.client, "POST", "/api/v1/chat", json=body)
        assert answer_text(events) == "Ridley Scott directed Alien."
        run_id = events[-1].data["run_id"]
        stream = await raw.xrange(f"{redis_prefix}run:{run_id}:events")
        assert [int(entry_id.split(b"-")[1]) for entry_id, _ in stream] == [
            int(e.id) for e in events
        ]
        assert await raw.lrange(f"{redis_prefix}session:{session_id}:runs", 0, -1) == []
    async with Redis.from_url(redis_url) as raw:
        assert not await raw.exists(f"{redis_prefix}replica:{replica}")  # let go at shutdown


async def test_in_process_runs_need_no_redis(tmp_path: Path) -> None:
    async with runs_app(tmp_path, ScriptedLLMGateway(answer("Hi."))) as app:
        health = (await app.client.get("/health")).json()["components"]
        assert health["runs"] == {"coordination": "in-process", "replica": None}
        ready = (await app.client.get("/ready")).json()
        assert "coordination" not in ready["checks"] and ready["status"] == "ready"
