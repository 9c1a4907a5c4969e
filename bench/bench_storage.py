"""Chat storage on SQLite: inserts under concurrency, the session list, the tail of a long chat.

1. Inserts/s: 50 concurrent asyncio writers add 10 messages to each of 1,000 sessions through
   `SqliteChatRepository.add_message` (one autocommit statement each, WAL, synchronous=NORMAL).
2. `GET /api/v1/sessions` on those 1,000 sessions x 10 messages (the default page: 500 with
   counts), over HTTP to uvicorn on 127.0.0.1 in this process.
3. The last 50 messages of a session holding 10,000 messages, through the repository.
"""

import asyncio
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn
from dependency_injector import providers

from bench.figures import Figure, p50, percentile
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.session import Session
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import load_settings

SESSIONS = 1_000
MESSAGES_EACH = 10
WRITERS = 50
LONG_CHAT = 10_000
SAMPLES = 200
CONTENT = "A moody neo-noir with a great score and a twist you will not see coming. " * 3


async def _sessions(repo: SqliteChatRepository, count: int) -> list[str]:
    now = datetime.now(UTC)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for session_id in ids:
        await repo.add_session(
            Session(id=session_id, title="Bench", created_at=now, updated_at=now)
        )
    return ids


async def _insert_rate(repo: SqliteChatRepository, session_ids: list[str]) -> Figure:
    async def writer(mine: list[str]) -> None:
        for _ in range(MESSAGES_EACH):
            for session_id in mine:
                new = NewMessage(session_id=session_id, role=Role.USER, content=CONTENT)
                await repo.add_message(new)

    started = time.perf_counter()
    await asyncio.gather(*(writer(session_ids[i::WRITERS]) for i in range(WRITERS)))
    rate = len(session_ids) * MESSAGES_EACH / (time.perf_counter() - started)
    return Figure(
        area="storage",
        name=f"message inserts, {WRITERS} concurrent writers",
        value=round(rate),
        unit="msg/s",
        target=">= 3000 msg/s",
        met=rate >= 3000,
        note=f"{len(session_ids) * MESSAGES_EACH} inserts of {len(CONTENT)} chars",
    )


async def _list_sessions_latency(database: Path) -> Figure:
    container = Container(settings=load_settings({"DATABASE_PATH": str(database)}, dotenv=None))
    container.runs_opened.override(providers.Object(None))  # storage alone is measured
    container.media_catalog.override(providers.Object(None))
    config = uvicorn.Config(create_app(container), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(2000):  # at most 20 s
        if server.started:
            break
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            # the largest page: GET /sessions pages since #15 (default 50)
            samples = await _timed_gets(client, "/api/v1/sessions?limit=500")
    finally:
        server.should_exit = True
        await task
    return _latency("GET /api/v1/sessions?limit=500 (1,000 sessions x 10 messages)", samples, 5.0)


async def _timed_gets(client: httpx.AsyncClient, path: str) -> list[float]:
    for _ in range(10):  # warm up connections and caches
        (await client.get(path)).raise_for_status()
    samples = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert len(response.json()["sessions"]) == 500
    return samples


async def _tail_latency(repo: SqliteChatRepository) -> Figure:
    (session_id,) = await _sessions(repo, 1)
    batch = [NewMessage(session_id=session_id, role=Role.USER, content=CONTENT)] * 50
    for _ in range(LONG_CHAT // len(batch)):
        await asyncio.gather(*(repo.add_message(m) for m in batch))
    samples = []
    for _ in range(SAMPLES * 5):
        started = time.perf_counter()
        messages = await repo.last_messages(session_id, 50)
        samples.append((time.perf_counter() - started) * 1000)
        assert len(messages) == 50
    return _latency("last 50 messages of a 10,000-message session", samples, 2.0)


def _latency(name: str, samples: list[float], target_ms: float) -> Figure:
    median = p50(samples)
    return Figure(
        area="storage",
        name=name,
        value=round(median, 3),
        unit="ms p50",
        target=f"<= {target_ms:g} ms",
        met=median <= target_ms,
        note=f"p99 {percentile(samples, 99):.2f} ms over {len(samples)} calls",
    )


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as folder:
        database = Path(folder) / "chat.db"
        repo = SqliteChatRepository(str(database))
        await repo.start()
        try:
            inserts = await _insert_rate(repo, await _sessions(repo, SESSIONS))
        finally:
            await repo.aclose()
        listing = await _list_sessions_latency(database)
        tail_repo = SqliteChatRepository(str(Path(folder) / "long.db"))
        await tail_repo.start()
        try:
            tail = await _tail_latency(tail_repo)
        finally:
            await tail_repo.aclose()
    return [inserts, listing, tail]


if __name__ == "__main__":
    for figure in asyncio.run(measure()):
        print(figure)
