"""The doors other tools use: the OpenAI-compatible facade and the MCP server.

1. Facade overhead: p50 of POST /v1/chat/completions minus p50 of the native POST /api/v1/chat,
   streamed (time to the first answer text) and whole, on one real server over the fake LLM
   (no model latency, so the difference is our code) and the fake catalog.
2. MCP tool-call latency: p50 of `search_media` through the mcp SDK's client, over stdio
   (`movie-analyst mcp`) and over streamable HTTP (/mcp on `movie-analyst serve`), both on the
   offline catalog.
"""

import os
import tempfile
from pathlib import Path

from bench.facades_mcp import http_tool_calls, stdio_tool_calls
from bench.facades_openai import facade, native
from bench.figures import Figure, p50
from bench.runs_processes import fake_llm, real_server

SAMPLES = 100
TOOL_CALLS = 50


def _shared() -> str:
    return f"load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores shared with other work"


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        figures = await _facade_figures(Path(tmp))
        stdio = await stdio_tool_calls(Path(tmp), TOOL_CALLS)
        http = await http_tool_calls(Path(tmp), TOOL_CALLS)
    note = f"p50 of {TOOL_CALLS} calls after 3 warm-up ones, offline catalog; {_shared()}"
    return [
        *figures,
        Figure(area="facades", name="MCP search_media over stdio", value=round(p50(stdio), 2),
               unit="ms", note=note),
        Figure(area="facades", name="MCP search_media over HTTP (/mcp)", value=round(p50(http), 2),
               unit="ms", note=f"{note}; stateless, a new MCP session per connection"),
    ]  # fmt: skip


async def _facade_figures(tmp: Path) -> list[Figure]:
    async with fake_llm() as llm:
        (await llm.post("/bench/latency", params={"seconds": 0})).raise_for_status()
        async with real_server(tmp / "facade.db", "react-loop", llm) as (client, _):
            for _ in range(3):  # warm-up: imports, pools, first sessions
                await native(client, stream=True)
                await facade(client, stream=True)
            samples: dict[str, list[tuple[float, float]]] = {}
            for stream in (True, False):
                for _ in range(SAMPLES):
                    samples.setdefault(f"native{stream}", []).append(
                        await native(client, stream=stream)
                    )
                    samples.setdefault(f"facade{stream}", []).append(
                        await facade(client, stream=stream)
                    )
    return _figures(samples)


def _figures(samples: dict[str, list[tuple[float, float]]]) -> list[Figure]:
    def median(key: str, index: int) -> float:
        return p50([sample[index] for sample in samples[key]])

    def paired(key: str, index: int) -> float:
        """p50 of facade minus native, each pair measured back to back (drift cancels)."""
        pairs = zip(samples[f"facade{key}"], samples[f"native{key}"], strict=True)
        return p50([facade[index] - native[index] for facade, native in pairs])

    note = f"p50 of {SAMPLES}, fake LLM without latency; {_shared()}"
    rows = [
        ("streamed first answer text, native /api/v1/chat", median("nativeTrue", 0)),
        ("streamed first content chunk, /v1/chat/completions", median("facadeTrue", 0)),
        ("facade overhead, streamed first chunk", paired("True", 0)),
        ("whole answer, native /api/v1/chat", median("nativeFalse", 1)),
        ("whole answer, /v1/chat/completions", median("facadeFalse", 1)),
        ("facade overhead, whole answer", paired("False", 1)),
    ]
    return [
        Figure(area="facades", name=name, value=round(value, 2), unit="ms", note=note)
        for name, value in rows
    ]
