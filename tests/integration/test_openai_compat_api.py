"""/v1/chat/completions over the real app and a scripted LLM, driven by the real `openai` SDK."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import openai
import pytest

from movie_analyst.application.errors import UpstreamTimeout
from tests.fakes.llm_gateway import Scripted, ScriptedLLMGateway, action, answer
from tests.support.runs_http import Served, runs_app

LONG_ANSWER = answer(" ".join(f"word{i}" for i in range(80)))
MODEL = "movie-analyst"


@asynccontextmanager
async def _sdk(tmp_path: Path, gateway: ScriptedLLMGateway) -> AsyncIterator[tuple[Served, Any]]:
    async with runs_app(tmp_path, gateway) as app:
        sdk = openai.AsyncOpenAI(base_url=f"{app.base_url}/v1", api_key="-", max_retries=0)
        async with sdk:
            yield app, sdk


async def _stored(app: Served, session_id: str) -> list[tuple[str, str]]:
    messages = (await app.client.get(f"/api/v1/session/{session_id}/messages")).json()
    return [(m["role"], m["content"]) for m in messages["messages"]]


async def _status(app: Served, run_id: str, wanted: str, seconds: float = 5) -> None:
    async with asyncio.timeout(seconds):
        while True:
            if (await app.client.get(f"/api/v1/runs/{run_id}")).json()["status"] == wanted:
                return
            await asyncio.sleep(0.02)


async def test_hanging_up_on_a_stream_cancels_the_run(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(LONG_ANSWER, token_delay=0.02)
    async with _sdk(tmp_path, gateway) as (app, sdk):
        stream = await sdk.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "talk"}], stream=True
        )
        seen = []
        async for chunk in stream:
            seen.append(chunk)
            if len(seen) == 5:
                break
        await stream.close()

        run_id = seen[0].id.removeprefix("chatcmpl-")
        await _status(app, run_id, "cancelled")
        await asyncio.wait_for(gateway.aborted.wait(), 2)
        assert (gateway.streams_aborted, gateway.streams_completed) == (1, 0)


async def test_a_named_session_is_continued_whatever_the_history_says(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("First."), answer("Second."), answer("Third."))
    async with _sdk(tmp_path, gateway) as (app, sdk):
        session_id = await app.new_session()
        await sdk.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": "one"}],
            extra_headers={"X-Session-ID": session_id},
        )
        await sdk.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": "two"}],
            metadata={"session_id": session_id},
        )
        assert await _stored(app, session_id) == [
            ("user", "one"),
            ("assistant", "First."),
            ("user", "two"),
            ("assistant", "Second."),
        ]
        with pytest.raises(openai.NotFoundError) as missing:
            await sdk.chat.completions.create(
                model=MODEL,
                messages=[{"role": "user", "content": "three"}],
                extra_headers={"X-Session-ID": "no-such-session"},
            )
        assert missing.value.code == "not_found"


async def test_an_unknown_history_becomes_a_new_session_seeded_with_it(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("Yes, in 1975."))
    async with _sdk(tmp_path, gateway) as (app, sdk):
        raw = await sdk.chat.completions.with_raw_response.create(
            model=MODEL,
            messages=[
                {"role": "system", "content": "You are helpful."},
                {"role": "user", "content": [{"type": "text", "text": "Jaws?"}]},
                {"role": "assistant", "content": "Spielberg directed it."},
                {"role": "user", "content": "Was it a summer film?"},
            ],
        )
        stored = await _stored(app, raw.headers["x-session-id"])
        assert stored == [
            ("user", "Jaws?"),
            ("assistant", "Spielberg directed it."),
            ("user", "Was it a summer film?"),
            ("assistant", "Yes, in 1975."),
        ]
        # The earlier turns reached the model as the conversation's memory.
        assert "Spielberg directed it." in str(gateway.requests[0])


async def test_a_failed_run_is_an_openai_error_streamed_or_not(tmp_path: Path) -> None:
    slow = Scripted(error=UpstreamTimeout("the model took too long", upstream="llm"))
    gateway = ScriptedLLMGateway(slow, slow)
    async with _sdk(tmp_path, gateway) as (_, sdk):
        with pytest.raises(openai.APIStatusError) as whole:
            await sdk.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "hi"}]
            )
        assert whole.value.status_code == 504
        assert whole.value.code == "upstream_timeout"

        stream = await sdk.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}], stream=True
        )
        with pytest.raises(openai.APIError, match="took too long"):
            async for _ in stream:
                pass


async def test_usage_comes_in_its_own_chunk_when_asked_for(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("Short."))
    async with _sdk(tmp_path, gateway) as (_, sdk):
        stream = await sdk.chat.completions.create(
            model=f"{MODEL}:scripted-model",
            messages=[{"role": "user", "content": "hi"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = [chunk async for chunk in stream]

    assert chunks[-1].choices == []
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert gateway.requests[0].model == "scripted-model"


async def test_a_long_history_fits_in_one_request(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(answer("Still here."))
    turns = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "x" * 2000}
        for i in range(201)
    ]  # about 400 KB, beyond the 64 KiB of /api/v1 bodies
    async with _sdk(tmp_path, gateway) as (app, sdk):
        raw = await sdk.chat.completions.with_raw_response.create(model=MODEL, messages=turns)
        stored = await _stored(app, raw.headers["x-session-id"])

    assert len(stored) == 202 and stored[-1] == ("assistant", "Still here.")


async def test_a_browser_client_may_name_the_session_and_read_it_back(tmp_path: Path) -> None:
    async with runs_app(tmp_path, ScriptedLLMGateway()) as app:
        preflight = await app.client.options(
            "/v1/chat/completions",
            headers={
                "Origin": "http://localhost:8501",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type, x-session-id",
            },
        )
        answered = await app.client.post(
            "/v1/chat/completions",
            json={"model": MODEL, "messages": [{"role": "user", "content": "hi"}]},
            headers={"Origin": "http://localhost:8501"},
        )

    assert preflight.status_code == 204
    assert "x-session-id" in preflight.headers["access-control-allow-headers"].lower()
    assert "x-session-id" in answered.headers["access-control-expose-headers"].lower()


async def test_tool_steps_stream_as_reasoning_and_the_answer_as_content(tmp_path: Path) -> None:
    gateway = ScriptedLLMGateway(
        action("search_media", {"query": "Alien"}), answer("Alien (1979) is a classic.")
    )
    async with _sdk(tmp_path, gateway) as (_, sdk):
        stream = await sdk.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Alien?"}], stream=True
        )
        deltas = [chunk.choices[0].delta async for chunk in stream if chunk.choices]

    reasoning = "".join((d.model_extra or {}).get("reasoning_content", "") for d in deltas)
    assert "Alien" in reasoning and reasoning.count("\n") == 2  # the call, then its result
    assert "".join(d.content or "" for d in deltas) == "Alien (1979) is a classic."
