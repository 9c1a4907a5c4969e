"""The OpenAI facade against the native chat endpoint, on one real server over the fake LLM.

Each sample is one new conversation asked "Tell me about Alien" (a tool call, then the answer),
native and facade alternating so that drift on the shared machine hits both alike. The native
chat's session is created before its clock starts; the facade creates its session inside the
request, as a client of it has no other way.
"""

import time
from collections.abc import Callable
from typing import Any

import httpx
import msgspec

QUESTION = "Tell me about Alien"
MODEL = "movie-analyst"


async def native(client: httpx.AsyncClient, *, stream: bool) -> tuple[float, float]:
    """(ms to the first answer text, ms to the end) of POST /api/v1/chat."""
    session = (await client.post("/api/v1/session/new")).json()["session_id"]
    body = {"session_id": session, "message": QUESTION, "stream": stream}
    return await _timed(client, "/api/v1/chat", body, _native_text)


async def facade(client: httpx.AsyncClient, *, stream: bool) -> tuple[float, float]:
    """(ms to the first content chunk, ms to `[DONE]`) of POST /v1/chat/completions."""
    body = {"model": MODEL, "messages": [{"role": "user", "content": QUESTION}], "stream": stream}
    return await _timed(client, "/v1/chat/completions", body, _facade_text)


async def _timed(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], is_text: Callable[[str], bool]
) -> tuple[float, float]:
    started = time.perf_counter()
    if not body["stream"]:
        (await client.post(path, json=body)).raise_for_status()
        whole = _ms(started)
        return whole, whole
    first = 0.0
    async with client.stream("POST", path, json=body) as response:
        async for line in response.aiter_lines():
            if not first and is_text(line):
                first = _ms(started)
    return first, _ms(started)


def _native_text(line: str) -> bool:
    return line.startswith("data:") and '"content"' in line


def _facade_text(line: str) -> bool:
    if not line.startswith("data: {"):
        return False
    choices = msgspec.json.decode(line[6:]).get("choices") or [{}]
    return bool(choices[0].get("delta", {}).get("content"))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
