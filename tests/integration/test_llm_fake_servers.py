"""The LLM fakes speak the documented wire formats (checked with raw httpx, not our adapters)."""

import json

import httpx
import pytest

from tests.fakes.http.concentrate_server import FakeConcentrateServer
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.llm_servers import concentrate_server, openai_server

__all__ = ["concentrate_server", "openai_server"]

INPUT = {"model": "auto", "input": [{"role": "user", "content": "Hi"}], "tool_choice": "none"}


def sse_events(text: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


async def test_concentrate_requires_bearer_and_answers_errors_flat(
    concentrate_server: FakeConcentrateServer,
) -> None:
    async with httpx.AsyncClient(base_url=concentrate_server.base_url) as client:
        refused = await client.post("/responses", json=INPUT)
        missing = await client.post(
            "/responses", json={"model": "x"}, headers={"Authorization": "Bearer sk-cn-v1-test"}
        )
    assert (refused.status_code, refused.json()) == (
        401,
        {"error": "Unauthorized", "message": "Invalid API key"},
    )
    assert missing.status_code == 400 and isinstance(missing.json()["error"], str)


async def test_concentrate_whole_reply_has_no_output_text_and_a_concrete_model(
    concentrate_server: FakeConcentrateServer,
) -> None:
    headers = {"Authorization": f"Bearer {concentrate_server.api_key}"}
    async with httpx.AsyncClient(base_url=concentrate_server.base_url, headers=headers) as client:
        body = (await client.post("/responses", json=INPUT)).json()

    assert "output_text" not in body
    assert body["model"] == "openai/gpt-4o-mini" and body["status"] == "completed"
    assert body["output"][0]["content"][0]["type"] == "output_text"


@pytest.mark.parametrize(
    ("mode", "last"),
    [("ok", "response.completed"), ("truncated", "response.output_item.added")],
)
async def test_concentrate_streams_documented_events_without_done(
    mode: str, last: str, concentrate_server: FakeConcentrateServer
) -> None:
    concentrate_server.push(Reply(mode=mode))  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {concentrate_server.api_key}"}
    async with httpx.AsyncClient(base_url=concentrate_server.base_url, headers=headers) as client:
        response = await client.post("/responses", json={**INPUT, "stream": True})

    assert response.headers["content-type"].startswith("text/event-stream")
    assert "[DONE]" not in response.text
    events = sse_events(response.text)
    assert [kind for kind, _ in events][:3] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
    ]
    assert events[-1][0] == last
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    assert all(data["type"] == kind for kind, data in events)


async def test_openai_streams_chunks_and_done(openai_server: FakeOpenAIServer) -> None:
    async with httpx.AsyncClient(base_url=openai_server.base_url) as client:
        body = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "stream": True}
        response = await client.post("/chat/completions", json=body)

    lines = [line for line in response.text.splitlines() if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    assert {chunk["object"] for chunk in chunks} == {"chat.completion.chunk"}
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == openai_server.default.text
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
