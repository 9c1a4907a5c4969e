"""The scale benchmark's measurements, each over servers bench_scale.py starts."""

import asyncio
import contextlib
import json
import os
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from httpx_sse import aconnect_sse

from bench.figures import p50
from movie_analyst.adapters.http_pool import pool_transport

LLM_CALLS_PER_CHAT = 2  # one tool call, then the answer
CLIENT_CONNECTIONS = 8


async def session(client: httpx.AsyncClient) -> str:
    return str((await client.post("/api/v1/session/new")).json()["session_id"])


async def chat(client: httpx.AsyncClient, session_id: str, message: str = "Alien?") -> float:
    started = time.perf_counter()
    reply = await client.post("/api/v1/chat", json={"session_id": session_id, "message": message})
    reply.raise_for_status()
    return time.perf_counter() - started


@dataclass
class Rate:
    chats: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of the server processes over the window

    @property
    def per_second(self) -> float:
        return self.chats / self.seconds if self.seconds else 0.0

    @staticmethod
    def total(rates: list["Rate"]) -> "Rate":
        return Rate(
            chats=sum(r.chats for r in rates),
            errors=sum(r.errors for r in rates),
            seconds=sum(r.seconds for r in rates),
            cpu=sum(r.cpu for r in rates),
        )


async def rate(
    client: httpx.AsyncClient, cpu: Callable[[], float], concurrency: int, window: float
) -> Rate:
    """Chats per second with `concurrency` clients, each in its own session, for `window` s.

    The load comes from small clients of CLIENT_CONNECTIONS each, on the server's own upstream
    transport (aiohttp's pool): the load generator shares the two cores with the servers."""
    shards = [
        httpx.AsyncClient(
            base_url=client.base_url, timeout=120, transport=pool_transport(CLIENT_CONNECTIONS)
        )
        for _ in range(max(1, concurrency // CLIENT_CONNECTIONS))
    ]
    try:
        return await _rate(shards, cpu, concurrency, window)
    finally:
        for shard in shards:
            await shard.aclose()


async def _rate(
    shards: list[httpx.AsyncClient], cpu: Callable[[], float], concurrency: int, window: float
) -> Rate:
    sessions = [await session(shards[0]) for _ in range(concurrency)]
    clients = [shards[i % len(shards)] for i in range(concurrency)]
    await asyncio.gather(*map(chat, clients, sessions))  # warm every pool and worker
    result, deadline = Rate(), time.perf_counter() + window

    async def worker(client: httpx.AsyncClient, session_id: str) -> None:
        while time.perf_counter() < deadline:
            try:
                await chat(client, session_id)
                result.chats += 1
            except httpx.HTTPError:
                result.errors += 1

    cpu_before, started = cpu(), time.perf_counter()
    await asyncio.gather(*map(worker, clients, sessions))
    result.seconds, result.cpu = time.perf_counter() - started, cpu() - cpu_before
    return result


@dataclass
class Stream:
    """When each event of one SSE response arrived (monotonic clock), by event id."""

    arrivals: dict[str, float] = field(default_factory=dict)
    first: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self, client: httpx.AsyncClient, method: str, url: str, **kw: object) -> None:
        async with aconnect_sse(client, method, url, **kw) as source:
            async for sse in source.aiter_sse():
                self.arrivals[sse.id] = time.monotonic()
                self.first.set()
                if json.loads(sse.data).get("done"):
                    return


async def join_once(
    a: httpx.AsyncClient, b: httpx.AsyncClient, session_id: str
) -> tuple[float, list[float]]:
    """A chat streamed on A, joined from B once A has its first event: (seconds from B's request
    to B's first event, lags of the events B got live behind A's arrival of the same event)."""
    on_a, on_b = Stream(), Stream()
    body = {"session_id": session_id, "message": "Alien?", "stream": True}
    streaming = asyncio.create_task(on_a.read(a, "POST", "/api/v1/chat", json=body))
    await asyncio.wait_for(on_a.first.wait(), 30)
    run_id = (await a.get(f"/api/v1/session/{session_id}/status")).json().get("run_id")
    asked = time.monotonic()
    joining = asyncio.create_task(on_b.read(b, "GET", f"/api/v1/runs/{run_id}/events"))
    await asyncio.wait_for(on_b.first.wait(), 30)
    joined = min(on_b.arrivals.values()) - asked
    await asyncio.gather(streaming, joining)
    live = [on_b.arrivals[i] - t for i, t in on_a.arrivals.items() if t > asked + joined]
    return joined, live


async def recover_once(
    a: httpx.AsyncClient, a_pid: int, b: httpx.AsyncClient, lease: float
) -> float:
    """kill -9 A while its run waits on the LLM; seconds until B reports it interrupted."""
    session_id = await session(a)
    body = {"session_id": session_id, "message": "Alien?", "stream": True}
    reading = asyncio.create_task(
        _ignore_errors(Stream().read(a, "POST", "/api/v1/chat", json=body))
    )
    while not (await b.get(f"/api/v1/session/{session_id}/status")).json()["pending"]:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    run_id = (await b.get(f"/api/v1/session/{session_id}/status")).json()["run_id"]
    await asyncio.sleep(0.3)  # running, waiting on the model
    os.kill(a_pid, signal.SIGKILL)
    killed = time.monotonic()
    while (await b.get(f"/api/v1/runs/{run_id}")).json()["status"] != "interrupted":
        if time.monotonic() - killed > 3 * lease:
            raise RuntimeError(f"run {run_id} not recovered after {3 * lease:g} s")
        await asyncio.sleep(0.02)
    recovered = time.monotonic() - killed
    await reading
    return recovered


async def _ignore_errors(reading: Awaitable[None]) -> None:
    with contextlib.suppress(httpx.HTTPError, RuntimeError):  # its server was killed
        await reading


def overhead_ms(latencies: list[float], llm_seconds: float) -> float:
    return p50([(s - LLM_CALLS_PER_CHAT * llm_seconds) * 1000 for s in latencies])
