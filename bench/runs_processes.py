"""The runs benchmark's processes: the fake LLM (bench/fake_llm.py) and the real server
(bench/runs_server.py), each in its own process; the load generator is the bench process.
Figures use each process's own CPU time (from /proc), which stays meaningful on a shared machine.
"""

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from movie_analyst.adapters.http_pool import pool_transport

ROOT = Path(__file__).resolve().parent.parent
# Enough pooled connections for the 1,000-concurrent-runs step; steady state uses far fewer.
SERVER_MAX_CONNECTIONS = 1100


@asynccontextmanager
async def fake_llm() -> AsyncIterator[httpx.AsyncClient]:
    """A client for the fake LLM's control routes; its `base_url` + "/v1" is the LLM's URL."""
    command = [sys.executable, "-m", "bench.fake_llm"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: ASYNC220
    try:
        assert process.stdout is not None
        url = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 60)
        origin = url.strip().removesuffix("/v1")
        async with httpx.AsyncClient(base_url=origin, timeout=30) as client:
            yield client
    finally:
        stop(process)


@asynccontextmanager
async def real_server(
    db: Path, engine: str, llm: httpx.AsyncClient, extra: dict[str, str] | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    """The API over the fake LLM (OpenAI-compatible gateway) and the fake catalog; `extra`
    settings win (e.g. DATABASE_URL for PostgreSQL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_PATH": str(db), "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    env |= {"AGENT_TIMEOUT_SECONDS": "120", "AGENT_ENGINE": engine, "LLM_PROVIDER": "openai"}
    env |= {
        "OPENAI_BASE_URL": str(llm.base_url).rstrip("/") + "/v1",
        "DEFAULT_MODEL": "bench-model",
    }
    env |= {"HTTP_MAX_CONNECTIONS": str(SERVER_MAX_CONNECTIONS)} | (extra or {})
    command = [sys.executable, "-m", "bench.runs_server", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: ASYNC220 (returns at once)
    # The load generator uses the server's own upstream transport: httpx's pool at 1,200
    # connections cost this process ~0.4 of a core at concurrency 64, taken from the server.
    transport = pool_transport(1200)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120, transport=transport) as client:
            await _wait_up(client, process)
            yield client, process.pid
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # the figures are taken; a slow shutdown must not lose them
        print("bench: a bench process ignored SIGTERM for 20 s; killed", file=sys.stderr)
        process.kill()
        process.wait(timeout=10)


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


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int, field: str) -> float:
    """`VmRSS` (now) or `VmHWM` (peak) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0
