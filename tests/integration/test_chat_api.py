"""POST /api/v1/chat and the run routes over the real app, a scripted LLM and a fake catalog."""

import asyncio
from pathlib import Path

from movie_analyst.application.errors import UpstreamTimeout, UpstreamUnavailable
from tests.fakes.llm_gateway import Scripted, ScriptedLLMGateway, action, answer
from tests.support.runs_http import answer_text, read_sse, runs_app


async def test_a_streamed_chat_sends_steps_tokens_and_done(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(
        action("search_media", {"query": "Alien"}), answer("Alien (1979) is a classic.")
    )
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "Tell me about Alien", "stream": True}
        events = await read_sse(app.client, "POST", "/api/v1/chat", json=body)

        assert [int(e.id) for e in events] == list(range(1, len(events) + 1))
        steps = [e.data["step"] for e in events if "step" in e.data]
        assert [(s["type"], s["tool"]) for s in steps] == [
            ("tool_call", "search_media"),
            ("tool_result", "search_media"),
        ]
        assert all(s["summary"] for s in steps) and "data" in steps[1]
        assert all("content" not in e.data for e in events if "step" in e.data)
        assert answer_text(events) == "Alien (1979) is a classic."
        done = events[-1].data
        assert set(done) == {"done", "session_id", "run_id", "status"}
        assert (done["session_id"], done["status"]) == (session_id, "succeeded")

        run = (await app.client.get(f"/api/v1/runs/{done['run_id']}")).json()
        assert run["status"] == "succeeded" and run["finished_at"]
        messages = (await app.client.get(f"/api/v1/session/{session_id}/messages")).json()
        assert [m["content"] for m in messages["messages"]] == [
            "Tell me about Alien",
            "Alien (1979) is a classic.",
        ]
        # The answer keeps the steps it streamed, so a later visit can show its cards.
        question, reply = messages["messages"]
        assert question["steps"] == [] and reply["steps"] == steps


async def test_a_plain_chat_waits_for_the_whole_answer(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("Heat (1995)."), can_stream=False)
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        response = await app.client.post(
            "/api/v1/chat", json={"session_id": session_id, "message": "A heist film?"}
        )
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"content", "session_id", "run_id", "status"}
        assert (body["content"], body["status"]) == ("Heat (1995).", "succeeded")


async def test_failed_runs_answer_with_an_upstream_status_not_500(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(
        Scripted(error=UpstreamUnavailable("the model service is down", upstream="llm")),
        Scripted(error=UpstreamTimeout("the model did not answer in time", upstream="llm")),
    )
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        chat = {"session_id": session_id, "message": "hi"}
        down = await app.client.post("/api/v1/chat", json=chat)
        assert down.status_code == 503
        assert "the model service is down" in down.json()["detail"]
        slow = await app.client.post("/api/v1/chat", json={**chat, "stream": True})
        assert slow.status_code == 200  # a stream reports the failure in its last event
        done = [line for line in slow.text.splitlines() if '"done"' in line][-1]
        assert '"status":"failed"' in done and "did not answer in time" in done


async def test_validation_and_unknown_ids(tmp_path: Path) -> None:
    async with runs_app(tmp_path, ScriptedLLMGateway()) as app:
        session_id = await app.new_session()
        empty = await app.client.post(
            "/api/v1/chat", json={"session_id": session_id, "message": ""}
        )
        assert empty.status_code == 400
        blank = await app.client.post(
            "/api/v1/chat", json={"session_id": session_id, "message": "   "}
        )
        assert blank.status_code == 400
        unknown = await app.client.post(
            "/api/v1/chat", json={"session_id": "no-such-session", "message": "hi"}
        )
        assert unknown.status_code == 404
        assert (await app.client.get("/api/v1/runs/nope")).status_code == 404
        assert (await app.client.get("/api/v1/runs/nope/events")).status_code == 404
        assert (await app.client.post("/api/v1/runs/nope/cancel")).status_code == 404
        idle = (await app.client.get(f"/api/v1/session/{session_id}/status")).json()
        assert idle == {"session_id": session_id, "pending": False, "task_count": 0}


async def test_two_concurrent_messages_get_one_409(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(default=answer("slow answer"), latency=0.3)
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        chat = {"session_id": session_id, "message": "hi"}
        first, second = await asyncio.gather(
            app.client.post("/api/v1/chat", json=chat), app.client.post("/api/v1/chat", json=chat)
        )
        assert sorted([first.status_code, second.status_code]) == [200, 409]
        busy = first if first.status_code == 409 else second
        assert busy.json()["error"] == "session_busy" and busy.json()["run_id"]
        messages = (await app.client.get(f"/api/v1/session/{session_id}/messages")).json()
        assert [m["role"] for m in messages["messages"]] == ["user", "assistant"]


async def test_a_chat_that_waits_for_the_answer_never_streams_the_model(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(
        action("search_media", {"query": "Alien"}),
        answer("Alien (1979) is a classic."),
        action("search_media", {"query": "Aliens"}),
        answer("Aliens (1986) is a sequel."),
    )
    async with runs_app(tmp_path, gateway) as app:
        session_id = await app.new_session()
        body = {"session_id": session_id, "message": "Tell me about Alien", "stream": False}
        reply = await app.client.post("/api/v1/chat", json=body)
        assert reply.status_code == 200, reply.text
        assert reply.json()["content"] == "Alien (1979) is a classic."
        assert gateway.streams_started == 0  # two whole replies, no token stream

        streamed = {**body, "message": "And Aliens?", "stream": True}
        events = await read_sse(app.client, "POST", "/api/v1/chat", json=streamed)
        assert answer_text(events) == "Aliens (1986) is a sequel."
        assert gateway.streams_started == 2
