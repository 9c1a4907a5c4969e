"""Issue #15's figures, through `movie-analyst serve` as a real process over a fake LLM.

1. `GET /api/v1/sessions` at the default page size (50) with 1,000 conversations of 10
   messages: p50, p99 and requests/s from 16 concurrent clients (on the same 2 cores).
2. Server memory with 400 half-open connections (200 stopped mid-headers, 200 mid-body) at the
   default deadlines, and how many of them the server closed, when.
3. SIGTERM with 20 runs streaming to 20 attached clients, every run longer than
   SHUTDOWN_GRACE_SECONDS=5: time to exit, exit code, final events received.
"""

import asyncio
import json
import os
import signal
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TypeVar

import httpx
from httpx_sse import aconnect_sse

from bench.figures import Figure, p50, percentile
from bench.hardening_steps import (
    Served,
    open_half_requests,
    seconds_until_closed,
    seed_conversations,
    serve,
)
from bench.runs_processes import cpu_seconds, memory_mb
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.fakes.llm_gateway import answer

AREA = "hardening"
CONVERSATIONS, MESSAGES = 1_000, 10
CLIENTS, REQUESTS = 16, 1_600
HALF_OPEN = 400
RUNS, GRACE = 20, 5.0
T = TypeVar("T")
LONG = Reply(text=answer(" ".join(f"w{i}" for i in range(600))), token_delay=0.05)  # ~30 s


async def _load(
    server: Served, path: str, clients: int = CLIENTS
) -> tuple[list[float], float, float]:
    """Latencies (ms) of REQUESTS GETs of `path` from `clients` clients, wall s, server CPU s."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        queue = list(range(REQUESTS))

        async def worker() -> None:
            while queue:
                queue.pop()
                started = time.perf_counter()
                (await client.get(path)).raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)

        cpu, started = cpu_seconds(server.process.pid), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall, cpu = time.perf_counter() - started, cpu_seconds(server.process.pid) - cpu
    return latencies, wall, cpu


async def _listing(server: Served) -> list[Figure]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        page = (await client.get("/api/v1/sessions")).json()
    assert len(page["sessions"]) == 50 and page["total"] == CONVERSATIONS, page.keys()
    latencies, wall, cpu = await _load(server, "/api/v1/sessions")
    old, old_wall, old_cpu = await _load(server, "/api/v1/sessions?limit=500")
    alone, _, _ = await _load(server, "/api/v1/sessions", clients=1)
    alone_note = f"{REQUESTS:,} requests one after another; p99 {percentile(alone, 99):.1f} ms"
    note = (
        f"{CONVERSATIONS:,} conversations x {MESSAGES} messages, default page (50), "
        f"{REQUESTS:,} requests from {CLIENTS} concurrent clients on the same 2 cores "
        f"(load avg {os.getloadavg()[0]:.1f}: other engineers' work); server CPU "
        f"{cpu / REQUESTS * 1000:.2f} ms per request"
    )
    old_note = (
        f"the same load with ?limit=500 (the old default): p50 {p50(old):.1f} ms, "
        f"{REQUESTS / old_wall:.0f} req/s, server CPU {old_cpu / REQUESTS * 1000:.2f} ms/request"
    )
    name = "GET /api/v1/sessions, 1,000 conversations, default page"
    return [
        Figure(area=AREA, name=f"{name} (p50)", value=p50(latencies), unit="ms", note=note),
        Figure(area=AREA, name=f"{name} (p99)", value=percentile(latencies, 99), unit="ms"),
        Figure(area=AREA, name=f"{name} (throughput)", value=REQUESTS / wall, unit="req/s"),
        Figure(
            area=AREA,
            name=f"{name}, one client (p50)",
            value=p50(alone),
            unit="ms",
            note=alone_note,
        ),
        Figure(
            area=AREA,
            name="GET /api/v1/sessions?limit=500, same load (p99)",
            value=percentile(old, 99),
            unit="ms",
            note=old_note,
        ),
    ]


async def _half_open(server: Served) -> list[Figure]:
    pid = server.process.pid
    before = memory_mb(pid, "VmRSS")
    socks = await asyncio.to_thread(open_half_requests, server.port, HALF_OPEN)
    opened = time.monotonic()
    await asyncio.sleep(2)
    held = memory_mb(pid, "VmRSS")
    async with httpx.AsyncClient(timeout=10) as client:
        started = time.perf_counter()
        (await client.get(f"{server.url}/health")).raise_for_status()
        health_ms = (time.perf_counter() - started) * 1000
    closed = await asyncio.to_thread(seconds_until_closed, socks, 45, opened)
    headers = sorted(closed)[: HALF_OPEN // 2]
    bodies = sorted(closed)[HALF_OPEN // 2 :]
    memory_note = (
        f"{HALF_OPEN // 2} stopped mid-headers + {HALF_OPEN // 2} mid-body; RSS before "
        f"{before:.0f} MB (+{held - before:.1f} MB); GET /health meanwhile {health_ms:.1f} ms"
    )
    closed_note = (
        f"closed with a 408 {min(closed, default=0):.1f}-{max(headers, default=0):.1f} s after "
        "they were opened "
        f"(headers, CLIENT_HEADER_TIMEOUT_SECONDS=10) and up to {max(bodies, default=0):.1f} s "
        "(bodies, CLIENT_BODY_TIMEOUT_SECONDS=30)"
    )
    held_name = f"server RSS with {HALF_OPEN} half-open connections"
    return [
        Figure(area=AREA, name=held_name, value=held, unit="MB", note=memory_note),
        Figure(
            area=AREA,
            name="half-open connections closed by their deadline",
            value=len(closed),
            unit=f"of {HALF_OPEN}",
            target=f"{HALF_OPEN}",
            met=len(closed) == HALF_OPEN,
            note=closed_note,
        ),
    ]


async def _follow(client: httpx.AsyncClient, session_id: str, streaming: asyncio.Event) -> str:
    """One attached client: how its stream ended (the final status, or "cut")."""
    body = {"session_id": session_id, "message": "a long story", "stream": True}
    last: dict[str, object] = {}
    async with aconnect_sse(client, "POST", "/api/v1/chat", json=body) as source:
        async for count, sse in aenumerate(source.aiter_sse()):
            last = json.loads(sse.data)
            if count == 5:
                streaming.set()
    return str(last.get("status")) if last.get("done") else "cut"


async def aenumerate(items: AsyncIterator[T]) -> AsyncIterator[tuple[int, T]]:
    count = 0
    async for item in items:
        count += 1
        yield count, item


async def _shutdown(server: Served) -> list[Figure]:
    limits = httpx.Limits(max_connections=RUNS + 5)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
        created = [await client.post("/api/v1/session/new") for _ in range(RUNS)]
        streaming = [asyncio.Event() for _ in range(RUNS)]
        followers = [
            asyncio.create_task(_follow(client, reply.json()["session_id"], flag))
            for reply, flag in zip(created, streaming, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(flag.wait() for flag in streaming)), 60)
        started = time.perf_counter()
        server.process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(server.process.wait, 60)
        took = time.perf_counter() - started
        endings = await asyncio.gather(*followers)
    interrupted = endings.count("interrupted")
    note = (
        f"SHUTDOWN_GRACE_SECONDS={GRACE:g}, every run ~30 s long; exit code {code}; "
        f"{interrupted}/{RUNS} attached clients got the final interrupted event"
    )
    clean = took <= GRACE + 5 and code == 0 and interrupted == RUNS
    name = f"shutdown with {RUNS} runs in flight"
    target = f"<= {GRACE + 5:g} s"
    return [Figure(area=AREA, name=name, value=took, unit="s", target=target, met=clean, note=note)]


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-hardening-") as tmp, FakeOpenAIServer() as llm:
        folder = Path(tmp)
        llm.default = LONG
        await seed_conversations(folder / "chat.db", CONVERSATIONS, MESSAGES)
        settings = {"SHUTDOWN_GRACE_SECONDS": str(GRACE)}
        async with serve(folder, llm.base_url, **settings) as server:
            figures = await _listing(server)
            figures += await _half_open(server)
            figures += await _shutdown(server)
    return figures


if __name__ == "__main__":
    for figure in asyncio.run(measure()):
        print(figure)
