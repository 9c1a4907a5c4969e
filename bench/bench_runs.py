"""Agent runs end to end: the real server in its own process, a fake LLM of fixed latency in it.

Each chat is one tool call (search_media on the fake catalog) then the answer: two LLM calls.
Backend overhead = chat latency minus the LLM's own time. See bench/runs_server.py.
"""

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

from bench.figures import Figure, p50, percentile
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.message import NewMessage, Role

AREA = "runs"
ROOT = Path(__file__).resolve().parent.parent
LLM_CALLS_PER_CHAT = 2
CEILING_NOTE = "ceiling = concurrency / LLM time per chat"


@asynccontextmanager
async def _server(db: Path) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_PATH": str(db), "LOG_LEVEL": "WARNING"}
    env |= {"AGENT_TIMEOUT_SECONDS": "120", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "uvicorn", "bench.runs_server:create_app", "--factory"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: ASYNC220 (returns at once)
    limits = httpx.Limits(max_connections=1200, max_keepalive_connections=1200)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
            await _wait_up(client, process)
            yield client, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


async def _wait_up(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError("the bench server exited during startup")
        try:
            await client.get("/api/v1/sessions")
            return
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    raise RuntimeError("the bench server did not start")


async def _session(client: httpx.AsyncClient) -> str:
    return str((await client.post("/api/v1/session/new")).json()["session_id"])


async def _latency(client: httpx.AsyncClient, seconds: float) -> None:
    await client.post("/bench/latency", params={"seconds": seconds})


async def _chat(client: httpx.AsyncClient, session_id: str) -> float:
    started = time.perf_counter()
    response = await client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": "Alien?"}
    )
    response.raise_for_status()
    return time.perf_counter() - started


async def _first_token(client: httpx.AsyncClient, session_id: str) -> float:
    """When (monotonic clock, shared by both processes) the first answer text arrived."""
    body = {"session_id": session_id, "message": "Alien?", "stream": True}
    arrived = 0.0
    async with aconnect_sse(client, "POST", "/api/v1/chat", json=body) as source:
        async for sse in source.aiter_sse():
            if not arrived and '"content"' in sse.data:
                arrived = time.monotonic()
    return arrived


async def overhead_c1(client: httpx.AsyncClient, pid: int, llm: float) -> list[Figure]:
    session = await _session(client)
    for _ in range(3):
        await _chat(client, session)
    cpu_before = _cpu_seconds(pid)
    latencies = [await _chat(client, session) for _ in range(30)]
    cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / 30
    overhead = [(lat - LLM_CALLS_PER_CHAT * llm) * 1000 for lat in latencies]
    value = p50(overhead)
    note = f"LLM {llm * 1000:.0f} ms x 2 calls; p95 {percentile(overhead, 95):.1f} ms; 30 chats"
    note += f"; server CPU {cpu_ms:.1f} ms/chat; load avg {os.getloadavg()[0]:.1f}"
    note += f" on {os.cpu_count()} cores shared with other work"
    name = "backend overhead per chat, concurrency 1 (p50)"
    return [
        _fig(name, value, "ms", "<= 25 ms", value <= 25, note),
        _fig("server CPU time per chat (one tool call)", cpu_ms, "ms", note=_capacity(cpu_ms)),
    ]


def _capacity(cpu_ms: float) -> str:
    return f"CPU-bound capacity of one free core: {1000 / cpu_ms:.0f} chats/s"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def first_token(client: httpx.AsyncClient) -> list[Figure]:
    session = await _session(client)
    arrivals = [await _first_token(client, session) for _ in range(20)]
    emitted = (await client.get("/bench/emissions")).json()[-20:]
    delays = [(a - e) * 1000 for a, e in zip(arrivals, emitted, strict=True)]
    value = p50(delays)
    note = f"p95 {percentile(delays, 95):.1f} ms over 20 streamed chats"
    return [
        _fig(
            "first answer token on the wire after the LLM emits it (p50)",
            value,
            "ms",
            "<= 50 ms",
            value <= 50,
            note,
        )
    ]


async def throughput(
    client: httpx.AsyncClient, pid: int, concurrency: int, llm: float
) -> list[Figure]:
    sessions = [await _session(client) for _ in range(concurrency)]
    cpu_before = _cpu_seconds(pid)
    window = 8.0
    done, errors = 0, 0
    deadline = time.perf_counter() + window

    async def worker(session: str) -> None:
        nonlocal done, errors
        while time.perf_counter() < deadline:
            try:
                await _chat(client, session)
                done += 1
            except httpx.HTTPError:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(s) for s in sessions))
    elapsed = time.perf_counter() - started
    rate = done / elapsed
    cpu_share = (_cpu_seconds(pid) - cpu_before) / elapsed
    ceiling = concurrency / (LLM_CALLS_PER_CHAT * llm)
    note = f"{errors} errors; {rate / ceiling:.0%} of the {ceiling:.0f}/s ceiling ({CEILING_NOTE})"
    note += f"; server used {cpu_share:.0%} of a core (CPU-bound when near 100%, shared machine)"
    return [
        _fig(
            f"throughput at concurrency {concurrency}, {llm * 1000:.0f} ms LLM",
            rate,
            "chats/s",
            ">= 35 chats/s",
            rate >= 35 and errors == 0,
            note,
        )
    ]


async def long_history(client: httpx.AsyncClient, db: Path, llm: float) -> list[Figure]:
    crowded, empty = await _session(client), await _session(client)
    await _fill(db, crowded, 10_000)
    samples: dict[str, list[float]] = {crowded: [], empty: []}
    for _ in range(12):  # interleaved, so drift hits both alike
        for session in (crowded, empty):
            samples[session].append(await _chat(client, session))
    ratio = p50(samples[crowded]) / p50(samples[empty])
    note = f"p50 {p50(samples[crowded]) * 1000:.0f} ms vs {p50(samples[empty]) * 1000:.0f} ms"
    return [
        _fig(
            "chat latency with 10,000 stored messages / empty session",
            ratio,
            "x",
            "<= 1.2",
            ratio <= 1.2,
            note,
        )
    ]


async def _fill(db: Path, session_id: str, count: int) -> None:
    repository = SqliteChatRepository(str(db))
    await repository.start()
    try:
        for index in range(count):
            role = Role.USER if index % 2 == 0 else Role.ASSISTANT
            text = f"message {index}: " + "a fairly ordinary sentence about films. " * 5
            await repository.add_message(NewMessage(session_id=session_id, role=role, content=text))
    finally:
        await repository.aclose()


async def many_runs(client: httpx.AsyncClient, pid: int, count: int, llm: float) -> list[Figure]:
    sessions = await asyncio.gather(*(_session(client) for _ in range(count)))
    before = _rss_mb(pid, "VmRSS")
    started = time.perf_counter()
    results = await asyncio.gather(*(_chat(client, s) for s in sessions), return_exceptions=True)
    elapsed = time.perf_counter() - started
    errors = sum(isinstance(r, BaseException) for r in results)
    peak = _rss_mb(pid, "VmHWM")
    note = f"{count} runs in {elapsed:.1f} s ({LLM_CALLS_PER_CHAT} x {llm:g} s LLM)"
    note += f"; RSS before {before:.0f} MB"
    return [
        _fig(f"{count:,} concurrent runs: errors", errors, "errors", "0", errors == 0, note),
        _fig(f"server peak RSS with {count:,} runs in flight", peak, "MB", note=note),
    ]


async def profile(client: httpx.AsyncClient) -> list[Figure]:
    session = await _session(client)
    chats = 20
    await client.post("/bench/profile/start")
    for _ in range(chats):
        await _chat(client, session)
    summary = (await client.post("/bench/profile/stop")).json()
    areas = {k: v for k, v in summary["areas"].items() if not k.startswith("idle")}
    busy = sum(areas.values())
    top = sorted(areas.items(), key=lambda kv: -kv[1])[:7]
    note = "share of server busy time (wall-clock samples): "
    note += ", ".join(f"{k} {v / busy:.0%}" for k, v in top)
    return [_fig("server busy time per chat (pyinstrument)", busy * 1000 / chats, "ms", note=note)]


def _rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _fig(
    name: str, value: float, unit: str, target: str = "", met: bool | None = None, note: str = ""
) -> Figure:
    return Figure(
        area=AREA,
        name=name,
        value=round(value, 2),
        unit=unit,
        target=target,
        met=met if target else None,
        note=note,
    )


async def measure() -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        async with _server(db) as (client, pid):
            steps: list[tuple[float, Callable[[], Awaitable[list[Figure]]]]] = [
                (0.05, lambda: overhead_c1(client, pid, 0.05)),
                (0.05, lambda: first_token(client)),
                (0.05, lambda: long_history(client, db, 0.05)),
                (0.05, lambda: profile(client)),
                (0.2, lambda: throughput(client, pid, 64, 0.2)),
                (5.0, lambda: many_runs(client, pid, 1000, 5.0)),
            ]
            for llm, step in steps:
                await _latency(client, llm)
                figures += await step()
    return figures
