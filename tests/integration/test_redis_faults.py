"""Redis going away under a running app (a proxy in front of it is cut): chat answers 503 with
a clear error, reads that need only the database keep working, /ready answers 503, a run in
flight ends for its followers instead of hanging, and everything heals once Redis is back."""

import asyncio
import time
from pathlib import Path

from tests.fakes.llm_gateway import ScriptedLLMGateway, answer
from tests.support.coordination import eventually
from tests.support.redis_proxy import RedisProxy, redis_proxy
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.runs_http import Served, read_sse, runs_app

__all__ = ["redis_prefix", "redis_url"]  # fixtures

HEAL_SECONDS = 30.0


def _env(proxy: RedisProxy, prefix: str) -> dict[str, str]:
    return {"REDIS_URL": proxy.url, "REDIS_KEY_PREFIX": prefix}


async def _chat(app: Served, session_id: str, message: str) -> tuple[int, dict[str, object]]:
    reply = await app.client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": message}, timeout=30
    )
    return reply.status_code, reply.json()


async def _until_ready(app: Served) -> None:
    deadline = time.monotonic() + HEAL_SECONDS
    while (await app.client.get("/ready")).status_code != 200:
        assert time.monotonic() < deadline, "the app did not heal once Redis was back"
        await asyncio.sleep(0.2)


async def test_redis_going_away_answers_503_keeps_reads_and_heals(
    tmp_path: Path, redis_url: str, redis_prefix: str
) -> None:
    gateway = ScriptedLLMGateway(default=answer("Ridley Scott."))
    async with (
        redis_proxy(redis_url) as proxy,
        runs_app(tmp_path, gateway, env=_env(proxy, redis_prefix)) as app,
    ):
        session_id = await app.new_session()
        status, first = await _chat(app, session_id, "Who directed Alien?")
        assert status == 200 and first["content"] == "Ridley Scott."

        await proxy.cut()
        status, down = await _chat(app, session_id, "And Blade Runner?")
        assert status == 503 and down["error"] == "coordination_unavailable", down
        assert "Redis" in str(down["detail"]) and "unavailable" in str(down["detail"])
        messages = await app.client.get(f"/api/v1/session/{session_id}/messages")
        assert messages.status_code == 200 and len(messages.json()["messages"]) == 2
        run = await app.client.get(f"/api/v1/runs/{first['run_id']}")
        assert run.status_code == 200 and run.json()["status"] == "succeeded"
        assert (await app.client.get("/api/v1/sessions")).status_code == 200
        ready = await app.client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["coordination"].startswith("error:")

        await proxy.start()
        await _until_ready(app)
        status, again = await _chat(app, session_id, "And Blade Runner?")
        assert status == 200 and again["content"] == "Ridley Scott.", again


async def test_a_run_in_flight_when_redis_goes_ends_and_frees_its_session(
    tmp_path: Path, redis_url: str, redis_prefix: str
) -> None:
    gateway = ScriptedLLMGateway(default=answer("word " * 40), token_delay=0.05)
    async with (
        redis_proxy(redis_url) as proxy,
        runs_app(tmp_path, gateway, env=_env(proxy, redis_prefix)) as app,
    ):
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "Tell me a story", "stream": True}
        reading = asyncio.create_task(
            read_sse(app.client, "POST", "/api/v1/chat", json=body, seconds=20)
        )
        await eventually(lambda: gateway.first_token_at, seconds=10)
        await proxy.cut()
        events = await reading  # the follower hears the end instead of hanging
        assert events[-1].data["done"] and events[-1].data["status"] == "failed"

        await proxy.start()
        await _until_ready(app)
        gateway.default, gateway.token_delay = answer("Back."), 0.0
        deadline = time.monotonic() + HEAL_SECONDS
        while (status := (await _chat(app, session_id, "hello?"))[0]) == 409:
            assert time.monotonic() < deadline, "the session stayed busy"
            await asyncio.sleep(0.2)
        assert status == 200


async def test_an_app_started_while_redis_is_down_serves_reads_then_heals(
    tmp_path: Path, redis_url: str, redis_prefix: str
) -> None:
    gateway = ScriptedLLMGateway(default=answer("Ridley Scott."))
    async with redis_proxy(redis_url) as proxy:
        await proxy.cut()
        async with runs_app(tmp_path, gateway, env=_env(proxy, redis_prefix)) as app:
            assert (await app.client.get("/ready")).status_code == 503
            session_id = await app.new_session()  # the database alone is enough for this
            assert (await app.client.get("/api/v1/sessions")).status_code == 200
            status, down = await _chat(app, session_id, "Who directed Alien?")
            assert status == 503 and down["error"] == "coordination_unavailable"

            await proxy.start()
            await _until_ready(app)
            status, reply = await _chat(app, session_id, "Who directed Alien?")
            assert status == 200 and reply["content"] == "Ridley Scott."
