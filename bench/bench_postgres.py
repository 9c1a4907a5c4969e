"""Conversations on PostgreSQL vs SQLite, as ratios measured in one run, and `db copy`'s rate.

The database server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else a throwaway embedded one.
1. Chat overhead through the real server (bench/postgres_server.py): one server process per
   engine over the same fake LLM, one tool call per chat, chats alternating between them;
   overhead = latency - the LLM's time; target PostgreSQL <= 1.2x SQLite. Server CPU per chat
   (PostgreSQL's backends included) is reported beside it.
2. `GET /api/v1/sessions?limit=100` on the same two servers, 1,000 conversations x 10 messages.
3. `db copy` of a 100,000-message SQLite database into an empty PostgreSQL database.
"""

import asyncio
import os
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench import postgres_server as steps
from bench.figures import Figure
from bench.runs_processes import fake_llm, real_server
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.postgres_copy import copy_sqlite_to_postgres
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from tests.support.postgres import create_database, drop_database, server_url

COPY_SESSIONS, COPY_EACH = 1_000, 100  # 100,000 messages
CONTENT = "A moody neo-noir with a great score and a twist you will not see coming. " * 3


def _admin_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or server_url()


def _sqlite_source(path: Path) -> None:
    asyncio.run(_migrated(path))
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with sqlite3.connect(path) as connection:
        for _ in range(COPY_SESSIONS):
            sid = str(uuid.uuid4())
            connection.execute(
                "INSERT INTO sessions (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (sid, "Copied noir", now, now),
            )
            connection.executemany(
                "INSERT INTO messages (session_id, role, content, created_at, tokens) "
                "VALUES (?, 'user', ?, ?, 50)",
                [(sid, CONTENT, now)] * COPY_EACH,
            )


async def _migrated(path: Path) -> None:
    repo = SqliteChatRepository(str(path))
    await repo.start()
    await repo.aclose()


async def _copy_rate(folder: Path) -> Figure:
    source = folder / "copy-source.db"
    await asyncio.to_thread(_sqlite_source, source)
    url = create_database(_admin_url())
    try:
        target = PostgresChatRepository(url)
        await target.start()  # migrated, as `db copy` does first
        await target.aclose()
        started, cpu = time.perf_counter(), time.process_time()
        report = await asyncio.to_thread(copy_sqlite_to_postgres, str(source), url)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        drop_database(url, _admin_url())
    copied = report.added["messages"]
    assert copied == COPY_SESSIONS * COPY_EACH, report
    return Figure(
        area="postgres", name=f"db copy, {copied:,} messages SQLite -> PostgreSQL",
        value=round(copied / seconds), unit="msg/s",
        note=f"{seconds:.1f} s wall, {cpu:.1f} s CPU in the copying process (COPY + merge)",
    )  # fmt: skip


async def _through_servers(folder: Path) -> list[Figure]:
    admin, db = _admin_url(), folder / "chat.db"
    url = create_database(admin)
    try:
        async with fake_llm() as llm:
            await llm.post("/bench/latency", params={"seconds": steps.LLM_SECONDS})
            async with (
                real_server(db, "react-loop", llm) as (lite, lite_pid),
                real_server(folder / "unused.db", "react-loop", llm, {"DATABASE_URL": url}) as (
                    pg,
                    pg_pid,
                ),
            ):
                engines = [
                    steps.sqlite_engine(lite, lite_pid, db),
                    steps.Engine("postgresql", pg, pg_pid, database_url=url, admin_url=admin),
                ]
                return await steps.chat_overhead(engines) + await steps.list_sessions(engines)
    finally:
        drop_database(url, admin)


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-postgres-") as name:
        folder = Path(name)
        figures = await _through_servers(folder)
        figures.append(await _copy_rate(folder))
        return figures
