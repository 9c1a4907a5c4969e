"""The PostgreSQL-vs-SQLite steps that go through the real server (bench/runs_processes.py):
two servers, one per engine, over the same fake LLM, driven alternately so that the load of the
shared machine falls on both alike.

CPU is read from /proc: the server process, plus (PostgreSQL) the server backends that serve
its pool, which are work the SQLite server does in its own process. Transactions per chat come
from `pg_stat_database`, which backends flush at most once a second and when idle for 10 s.
"""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

from bench.figures import Figure, p50
from bench.runs_processes import cpu_seconds
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.session import Session

LLM_SECONDS = 0.05
LLM_CALLS_PER_CHAT = 2  # one tool call, then the answer
CHATS = 100
SESSIONS, MESSAGES_EACH = 1_000, 10
LIST_SAMPLES = 40
STATS_FLUSH_SECONDS = 11.0


@dataclass
class Engine:
    name: str
    client: httpx.AsyncClient
    pid: int
    database_url: str = ""  # PostgreSQL only
    admin_url: str = ""
    path: str = ""  # SQLite only
    samples: list[float] = field(default_factory=list)

    def cpu(self) -> float:
        """Seconds of CPU of the server process and of its PostgreSQL backends."""
        return cpu_seconds(self.pid) + sum(_cpu_or_zero(pid) for pid in self.backends())

    def backends(self) -> list[int]:
        if not self.database_url:
            return []
        name = self.database_url.split("?")[0].rsplit("/", 1)[1]
        sql = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return [row[0] for row in connection.execute(sql, (name,)).fetchall()]

    def transactions(self) -> int:
        sql = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s"
        name = self.database_url.split("?")[0].rsplit("/", 1)[1]
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            row = connection.execute(sql, (name,)).fetchone()
        return int(row[0]) if row else 0


def _cpu_or_zero(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except OSError:  # a backend that ended meanwhile
        return 0.0


async def _session(client: httpx.AsyncClient) -> str:
    return str((await client.post("/api/v1/session/new")).json()["session_id"])


async def _chat(client: httpx.AsyncClient, session_id: str) -> float:
    started = time.perf_counter()
    body = {"session_id": session_id, "message": "Alien?"}
    (await client.post("/api/v1/chat", json=body)).raise_for_status()
    return time.perf_counter() - started


async def _alternately(
    engines: list[Engine], action: Callable[[Engine], Awaitable[float]], count: int
) -> dict[str, float]:
    """Run `action` `count` times on each engine, alternating; CPU ms per call by engine."""
    before = {engine.name: engine.cpu() for engine in engines}
    for _ in range(count):
        for engine in engines:
            engine.samples.append(await action(engine))
    return {e.name: (e.cpu() - before[e.name]) * 1000 / count for e in engines}


async def chat_overhead(engines: list[Engine]) -> list[Figure]:
    sessions = {engine.name: await _session(engine.client) for engine in engines}
    for engine in engines:
        for _ in range(5):
            await _chat(engine.client, sessions[engine.name])
    postgres = engines[1]
    await asyncio.sleep(STATS_FLUSH_SECONDS)
    transactions = postgres.transactions()
    cpu = await _alternately(engines, lambda e: _chat(e.client, sessions[e.name]), CHATS)
    await asyncio.sleep(STATS_FLUSH_SECONDS)
    per_chat = (postgres.transactions() - transactions) / CHATS
    overhead = {
        e.name: p50([(s - LLM_CALLS_PER_CHAT * LLM_SECONDS) * 1000 for s in e.samples])
        for e in engines
    }
    note = f"{CHATS} chats each, alternating, c=1, one tool call, LLM {LLM_SECONDS * 1000:.0f} ms"
    note += f" x 2; p50 SQLite {overhead['sqlite']:.1f} ms, PostgreSQL "
    note += f"{overhead['postgresql']:.1f} ms; {per_chat:.1f} PostgreSQL transactions per chat"
    cpu_note = f"server process (+ its PostgreSQL backends): SQLite {cpu['sqlite']:.1f} ms, "
    cpu_note += f"PostgreSQL {cpu['postgresql']:.1f} ms per chat"
    return [
        ratio("chat overhead through the server (p50)", overhead, "<= 1.2", note),
        ratio("server CPU per chat (incl. PostgreSQL backends)", cpu, "", cpu_note),
    ]


async def list_sessions(engines: list[Engine]) -> list[Figure]:
    for engine in engines:
        engine.samples.clear()
        await _fill(engine)

    async def get(engine: Engine) -> float:
        started = time.perf_counter()
        reply = await engine.client.get("/api/v1/sessions", params={"limit": 100})
        reply.raise_for_status()
        return time.perf_counter() - started

    for engine in engines:
        await get(engine)
    cpu = await _alternately(engines, get, LIST_SAMPLES)
    wall = {e.name: p50(e.samples) * 1000 for e in engines}
    note = f"{SESSIONS:,} conversations x {MESSAGES_EACH} messages, page of 100, "
    note += f"{LIST_SAMPLES} requests each; p50 SQLite {wall['sqlite']:.1f} ms, PostgreSQL "
    note += f"{wall['postgresql']:.1f} ms; CPU (+ backends) SQLite {cpu['sqlite']:.1f} ms, "
    note += f"PostgreSQL {cpu['postgresql']:.1f} ms per request"
    return [ratio("GET /api/v1/sessions, 1,000 conversations (p50)", wall, "", note)]


async def _fill(engine: Engine) -> None:
    """Conversations written straight into the server's database, as old ones would be."""
    repo: SqliteChatRepository | PostgresChatRepository
    if engine.database_url:
        repo = PostgresChatRepository(engine.database_url)
    else:
        repo = SqliteChatRepository(engine.path)
    await repo.start()
    try:
        for _ in range(SESSIONS):
            now = datetime.now(UTC)
            session = Session(id=str(uuid.uuid4()), title="Bench noir", created_at=now,
                              updated_at=now)  # fmt: skip
            await repo.add_session(session)
            for _ in range(MESSAGES_EACH):
                await repo.add_message(
                    NewMessage(session_id=session.id, role=Role.USER, content="Film noir?")
                )
    finally:
        await repo.aclose()


def ratio(name: str, by_engine: dict[str, float], target: str, note: str) -> Figure:
    value = by_engine["postgresql"] / by_engine["sqlite"] if by_engine["sqlite"] else float("inf")
    met = None if not target else value <= float(target.split()[1])
    return Figure(area="postgres", name=name, value=round(value, 2), unit="x SQLite",
                  target=f"{target}x" if target else "", met=met, note=note)  # fmt: skip


def sqlite_engine(client: httpx.AsyncClient, pid: int, db: Path) -> Engine:
    return Engine("sqlite", client, pid, path=str(db))
