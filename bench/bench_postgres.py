"""Conversations on PostgreSQL vs SQLite, as ratios measured in one run, and `db copy`'s rate.

The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else a throwaway embedded one.
1. Chat overhead: the store's part of one chat (admit the message and its run, mark it
   running, read the memory tail, store the answer, mark it done), 300 chats, on each engine.
   Figures are this process's CPU time per chat (the PostgreSQL server's own CPU is reported
   in the note when the server is local); the target is PostgreSQL <= 1.2x SQLite.
2. `GET /api/v1/sessions?limit=100` over HTTP (uvicorn in this process, so the CPU is server
   and client) on 1,000 conversations x 10 messages.
3. `db copy` of a 100,000-message SQLite database into an empty PostgreSQL database.
"""

import asyncio
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from dependency_injector import providers
from msgspec.structs import replace

from bench.figures import Figure
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.postgres_copy import copy_sqlite_to_postgres
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import load_settings
from tests.support.postgres import create_database, drop_database, server_url
from tests.support.runs_http import serve

CHATS = 300
SESSIONS = 1_000
MESSAGES_EACH = 10
COPY_SESSIONS, COPY_EACH = 1_000, 100  # 100,000 messages
LIST_SAMPLES = 30
CONTENT = "A moody neo-noir with a great score and a twist you will not see coming. " * 3

Repo = SqliteChatRepository | PostgresChatRepository


def _admin_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or server_url()


def _session() -> Session:
    now = datetime.now(UTC)
    return Session(id=str(uuid.uuid4()), title="Bench noir", created_at=now, updated_at=now)


async def _one_chat(repo: ChatRepository, session_id: str) -> None:
    run = Run(id=uuid.uuid4().hex, session_id=session_id, status=RunStatus.QUEUED, model="m",
              user_message_id=-1, created_at=datetime.now(UTC))  # fmt: skip
    question = NewMessage(session_id=session_id, role=Role.USER, content="Who directed Alien?")
    run = await repo.admit_run(run, question)
    await repo.save_run(replace(run, status=RunStatus.RUNNING, started_at=datetime.now(UTC)))
    await repo.tail_within_budget(session_id, 4000)
    answer = NewMessage(session_id=session_id, role=Role.ASSISTANT, content=CONTENT)
    stored = await repo.add_message(answer)
    await repo.save_run(replace(run, status=RunStatus.SUCCEEDED, answer_message_id=stored.id))


async def _cpu_per_call(action: Callable[[], Awaitable[object]], count: int) -> float:
    """ms of this process's CPU per call."""
    for _ in range(5):
        await action()
    started = time.process_time()
    for _ in range(count):
        await action()
    return (time.process_time() - started) * 1000 / count


async def _chat_cpu(repo: Repo) -> float:
    session = _session()
    await repo.add_session(session)
    return await _cpu_per_call(lambda: _one_chat(repo, session.id), CHATS)


async def _list_cpu(repo: Repo) -> float:
    """GET /api/v1/sessions over HTTP, the app (storage only) on the repository's database."""
    for _ in range(SESSIONS):
        session = _session()
        await repo.add_session(session)
        for _ in range(MESSAGES_EACH):
            await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content="x"))
    if isinstance(repo, PostgresChatRepository):
        env = {"DATABASE_URL": repo.url}
    else:
        env = {"DATABASE_PATH": repo.path}
    container = Container(settings=load_settings(env, dotenv=None))
    container.runs_opened.override(providers.Object(None))  # storage alone is measured
    container.media_catalog.override(providers.Object(None))
    async with serve(create_app(container)) as url, httpx.AsyncClient(base_url=url) as client:

        async def get() -> None:
            (await client.get("/api/v1/sessions", params={"limit": 100})).raise_for_status()

        return await _cpu_per_call(get, LIST_SAMPLES)


async def _on_both(
    folder: Path, measure: Callable[[Repo], Awaitable[float]]
) -> tuple[float, float]:
    sqlite = SqliteChatRepository(str(folder / f"{uuid.uuid4().hex}.db"))
    url = create_database(_admin_url())
    postgres = PostgresChatRepository(url)
    try:
        results = []
        for repo in (sqlite, postgres):
            await repo.start()
            results.append(await measure(repo))
            await repo.aclose()
        return results[0], results[1]
    finally:
        await sqlite.aclose()
        await postgres.aclose()
        drop_database(url, _admin_url())


def _ratio_figure(name: str, lite: float, pg: float, target: float | None) -> Figure:
    ratio = pg / lite if lite else float("inf")
    return Figure(
        area="postgres", name=name, value=round(ratio, 2), unit="x SQLite",
        target=f"<= {target}x" if target else "", met=None if target is None else ratio <= target,
        note=f"CPU of this process: SQLite {lite:.2f} ms, PostgreSQL {pg:.2f} ms per call",
    )  # fmt: skip


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


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-postgres-") as name:
        folder = Path(name)
        chat = await _on_both(folder, _chat_cpu)
        listing = await _on_both(folder, _list_cpu)
        figures = [
            _ratio_figure("chat overhead (the store's part of a chat)", *chat, target=1.2),
            _ratio_figure(
                "GET /api/v1/sessions, 1,000 conversations (page of 100)", *listing, None
            ),
        ]
        figures.append(await _copy_rate(folder))
        return figures
