"""Scaling out (#13): N workers on one box, Redis coordination's cost, joining a run from another
replica, and recovery after kill -9. One PostgreSQL database per step (BENCH_DATABASE_URL, else
TEST_DATABASE_URL, else an embedded server) and one Redis (bench/scale_processes.py).

1. `serve --workers 2` vs `--workers 1` (both on Redis + PostgreSQL, the offline catalog), 128
   concurrent clients, fake LLM 200 ms, one tool call per chat: throughput ratio, target >= 1.5x
   (the load generator and the fake LLM share the 2 cores).
2. Chat overhead (latency - the LLM's time) with REDIS_URL vs in-process, one server each on
   PostgreSQL, alternating chats at concurrency 1: ratio.
3. Two replicas: a chat streamed on A, joined from B: B's first event, p50 <= 10 ms.
4. kill -9 of A while its run waits on the model: until B reports it interrupted (<= the lease).
"""

import asyncio
import os
import tempfile
import time
from pathlib import Path

import httpx

from bench import scale_steps as steps
from bench.figures import Figure, p50, percentile
from bench.runs_processes import cpu_seconds, fake_llm, real_server
from bench.scale_processes import (
    key_prefix,
    machine_split,
    redis_server,
    settings,
    workers,
)
from tests.support.postgres import create_database, drop_database, server_url

AREA = "scale"
THROUGHPUT_LLM_SECONDS, CONCURRENCY, WINDOW, ROUNDS = 0.2, 128, 8.0, 2
OVERHEAD_LLM_SECONDS, OVERHEAD_CHATS = 0.05, 60
JOINS, RECOVERIES, LEASE = 20, 3, 5.0
LOAD = f"load avg {{:.1f}} on {os.cpu_count()} cores, shared with the other engineers' work"


def _admin() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or server_url()


async def _latency(llm: httpx.AsyncClient, seconds: float) -> None:
    (await llm.post("/bench/latency", params={"seconds": seconds})).raise_for_status()


def figure(name: str, value: float, unit: str, target: str = "", note: str = "") -> Figure:
    met = None
    if target:
        bound = float(target.split()[1].rstrip("x"))
        met = value <= bound if target.startswith("<=") else value >= bound
    return Figure(area=AREA, name=name, value=round(value, 2), unit=unit, target=target,
                  met=met, note=note)  # fmt: skip


async def _workers(llm: httpx.AsyncClient, redis_url: str) -> list[Figure]:
    """Both servers up at once, measured in alternating windows, so a change in the shared
    machine's load falls on both alike."""
    admin = _admin()
    databases = [create_database(admin), create_database(admin)]
    try:
        with key_prefix(redis_url) as one_prefix, key_prefix(redis_url) as two_prefix:
            async with (
                workers(1, settings(llm, databases[0], redis_url, one_prefix)) as one,
                workers(2, settings(llm, databases[1], redis_url, two_prefix)) as two,
            ):
                rates: dict[int, list[steps.Rate]] = {1: [], 2: []}
                split: dict[str, float] = {}  # CPU s of each sharer, over the 2-worker windows
                for _ in range(ROUNDS):
                    for count, (client, pid) in ((1, one), (2, two)):
                        marks: list[dict[str, float]] = []  # at the window's start and end

                        def cpu(pid: int = pid, marks: list[dict[str, float]] = marks) -> float:
                            marks.append(machine_split(pid))
                            return marks[-1]["server"]

                        rates[count].append(await steps.rate(client, cpu, CONCURRENCY, WINDOW))
                        if count == 2:
                            for group, seconds in marks[-1].items():
                                spent = seconds - marks[-2].get(group, 0.0)
                                split[group] = split.get(group, 0.0) + spent
    finally:
        for database in databases:
            drop_database(database, admin)
    one_rate, two_rate = steps.Rate.total(rates[1]), steps.Rate.total(rates[2])
    return [_workers_figure(one_rate, two_rate), _split_figure(two_rate, split)]


def _split_figure(two: steps.Rate, split: dict[str, float]) -> Figure:
    """Where the cores went per chat with 2 workers: why the ratio stops where it does."""
    per_chat = {group: seconds * 1000 / max(1, two.chats) for group, seconds in split.items()}
    machine = per_chat.pop("machine")
    parts = ", ".join(f"{group} {ms:.1f}" for group, ms in per_chat.items())
    note = f"ms per chat: {parts}; kernel and the rest {machine - sum(per_chat.values()):.1f}; "
    note += f"the machine was {split['machine'] / two.seconds / (os.cpu_count() or 1):.0%} busy, "
    note += f"so {1000 * (os.cpu_count() or 1) / machine:.0f} chats/s is all its cores can give"
    return figure("machine CPU per chat, serve --workers 2", machine, "ms", "", note)


def _workers_figure(one: steps.Rate, two: steps.Rate) -> Figure:
    note = f"{one.per_second:.0f} -> {two.per_second:.0f} chats/s at c={CONCURRENCY}, LLM "
    note += f"{THROUGHPUT_LLM_SECONDS * 1000:.0f} ms x 2 calls, {ROUNDS} alternating windows of "
    note += f"{WINDOW:.0f} s each, {one.errors + two.errors} errors; server CPU "
    note += f"{one.cpu / one.seconds:.0%} -> {two.cpu / two.seconds:.0%} of a core; "
    note += LOAD.format(os.getloadavg()[0])
    ratio = two.per_second / one.per_second if one.per_second else 0.0
    return figure("throughput, serve --workers 2 vs 1", ratio, "x", ">= 1.5x", note)


async def _overhead(llm: httpx.AsyncClient, redis_url: str, folder: str) -> list[Figure]:
    admin = _admin()
    databases = [create_database(admin), create_database(admin)]
    try:
        with key_prefix(redis_url) as prefix:
            shared = settings(llm, databases[1], redis_url, prefix)
            async with (
                real_server(_db(folder, "a"), "react-loop", llm, {"DATABASE_URL": databases[0]})
                as (local, local_pid),
                real_server(_db(folder, "b"), "react-loop", llm, shared) as (redis, redis_pid),
            ):  # fmt: skip
                return await _alternate(local, local_pid, redis, redis_pid)
    finally:
        for database in databases:
            drop_database(database, admin)


async def _alternate(
    local: httpx.AsyncClient, local_pid: int, redis: httpx.AsyncClient, redis_pid: int
) -> list[Figure]:
    sessions = [await steps.session(local), await steps.session(redis)]
    for _ in range(5):
        await steps.chat(local, sessions[0])
        await steps.chat(redis, sessions[1])
    cpu = [cpu_seconds(local_pid), cpu_seconds(redis_pid)]
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(OVERHEAD_CHATS):
        samples[0].append(await steps.chat(local, sessions[0]))
        samples[1].append(await steps.chat(redis, sessions[1]))
    cpu = [(cpu_seconds(local_pid) - cpu[0]) * 1000, (cpu_seconds(redis_pid) - cpu[1]) * 1000]
    cpu = [ms / OVERHEAD_CHATS for ms in cpu]
    local_ms, redis_ms = (steps.overhead_ms(s, OVERHEAD_LLM_SECONDS) for s in samples)
    note = f"p50 in-process {local_ms:.1f} ms, Redis {redis_ms:.1f} ms; {OVERHEAD_CHATS} chats "
    note += f"each, alternating, c=1, one tool call, LLM {OVERHEAD_LLM_SECONDS * 1000:.0f} ms x 2"
    cpu_note = f"server process: in-process {cpu[0]:.1f} ms, Redis {cpu[1]:.1f} ms per chat "
    cpu_note += "(the Redis server's own CPU not included)"
    return [
        figure("chat overhead, Redis vs in-process (p50)", redis_ms / local_ms, "x", "", note),
        figure("server CPU per chat, Redis vs in-process", cpu[1] / cpu[0], "x", "", cpu_note),
    ]


async def _replicas(llm: httpx.AsyncClient, redis_url: str, folder: str) -> list[Figure]:
    database = create_database(_admin())
    try:
        with key_prefix(redis_url) as prefix:
            env = settings(llm, database, redis_url, prefix) | {"RUN_LEASE_SECONDS": str(LEASE)}
            async with real_server(_db(folder, "b"), "react-loop", llm, env) as (b, _):
                async with real_server(_db(folder, "a"), "react-loop", llm, env) as (a, _):
                    figures = await _joins(a, b)
                return figures + await _recoveries(llm, b, env, folder)
    finally:
        drop_database(database, _admin())


async def _joins(a: httpx.AsyncClient, b: httpx.AsyncClient) -> list[Figure]:
    session_id = await steps.session(a)
    firsts, lags = [], []
    for _ in range(JOINS):
        first, live = await steps.join_once(a, b, session_id)
        firsts.append(first * 1000)
        lags += [lag * 1000 for lag in live]
    note = f"{JOINS} joins of a run streaming on A; p95 {percentile(firsts, 95):.1f} ms; live "
    note += f"events reached B {p50(lags):.1f} ms (p50) after A" if lags else "no live events"
    name = "join from another replica: first event (p50)"
    return [figure(name, p50(firsts), "ms", "<= 10 ms", note)]


async def _recoveries(
    llm: httpx.AsyncClient, b: httpx.AsyncClient, env: dict[str, str], folder: str
) -> list[Figure]:
    await _latency(llm, 60.0)  # every model call waits: the runs are mid-flight when A dies
    seconds = []
    for _ in range(RECOVERIES):
        async with real_server(_db(folder, "a"), "react-loop", llm, env) as (a, a_pid):
            seconds.append(await steps.recover_once(a, a_pid, b, LEASE))
    note = f"RUN_LEASE_SECONDS={LEASE:g} (a lease lapses 0.6x after its last renewal, survivors "
    note += f"sweep every 0.2x); {RECOVERIES} kills: " + ", ".join(f"{s:.1f}" for s in seconds)
    name = "recovery after kill -9 of a replica: run interrupted on the survivor"
    return [figure(name, max(seconds), "s", f"<= {LEASE:g} s", note + " s (max shown)")]


def _db(folder: str, name: str) -> Path:
    return Path(folder) / f"unused-{name}.db"  # the servers use PostgreSQL


async def measure() -> list[Figure]:
    figures: list[Figure] = []
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as folder:
        async with fake_llm() as llm:
            await _latency(llm, THROUGHPUT_LLM_SECONDS)
            started = time.perf_counter()
            figures += await _workers(llm, redis_url)
            print(f"bench scale: workers {time.perf_counter() - started:.0f} s", flush=True)
            await _latency(llm, OVERHEAD_LLM_SECONDS)
            figures += await _overhead(llm, redis_url, folder)
            figures += await _replicas(llm, redis_url, folder)
    return figures


if __name__ == "__main__":
    print(asyncio.run(measure()))
