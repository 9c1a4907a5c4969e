"""What only the SQLite adapter has: pragmas, migrations, bounded reads, errors, concurrency."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from movie_analyst.adapters.sqlite.migrations import MIGRATIONS, schema_version
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.errors import SessionNotFound, StorageError
from movie_analyst.domain.message import Message, NewMessage, Role
from tests.support.storage import new_session


@pytest.fixture
async def repo(tmp_path: Path) -> AsyncIterator[SqliteChatRepository]:
    repository = SqliteChatRepository(str(tmp_path / "nested" / "dir" / "chat.db"))
    await repository.start()
    try:
        yield repository
    finally:
        await repository.aclose()


async def _pragmas(connection: aiosqlite.Connection) -> dict[str, object]:
    names = ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
    values = {}
    for name in names:
        rows = list(await connection.execute_fetchall(f"PRAGMA {name}"))
        values[name] = rows[0][0]
    return values


async def _fill(repo: SqliteChatRepository, count: int, content: str = "x" * 40) -> str:
    session = new_session()
    await repo.add_session(session)
    for _ in range(count):
        await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content=content))
    return session.id


async def test_both_connections_are_tuned(repo: SqliteChatRepository) -> None:
    expected = {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 5000, "foreign_keys": 1}
    assert repo._writer is not None and repo._reader is not None
    assert await _pragmas(repo._writer.connection) == expected
    assert await _pragmas(repo._reader) == expected
    assert await asyncio.to_thread(Path(repo.path).is_file)


async def test_the_schema_is_migrated_once_and_data_survives(tmp_path: Path) -> None:
    path = str(tmp_path / "chat.db")
    first = SqliteChatRepository(path)
    await first.start()
    session_id = await _fill(first, 3)
    await first.aclose()
    again = SqliteChatRepository(path)
    await again.start()
    try:
        assert again._writer is not None
        assert await schema_version(again._writer.connection) == len(MIGRATIONS)
        assert len(await again.last_messages(session_id, 10)) == 3
        assert await again.integrity_check() == ["ok"]
    finally:
        await again.aclose()


async def test_two_processes_may_migrate_the_same_file_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    repos = [SqliteChatRepository(path) for _ in range(3)]
    await asyncio.gather(*(repo.start() for repo in repos))
    try:
        session_id = await _fill(repos[0], 2)
        assert len(await repos[2].last_messages(session_id, 5)) == 2
    finally:
        for repo in repos:
            await repo.aclose()


async def test_memory_reads_what_it_returns_not_the_history(repo: SqliteChatRepository) -> None:
    """One statement, read lazily: the work is the same for 500 messages and for 5,000."""
    session = new_session()
    await repo.add_session(session)
    statements: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0  # go on

    async def remember(count: int) -> int:
        for _ in range(count):
            await repo.add_message(_user(session.id))
        statements.clear()
        steps[0] = 0
        turns = await repo.remembered_turns(session.id, 100, before_message_id=2**63 - 1)
        assert len(turns) == 10  # 10 tokens each
        assert len(statements) == 1
        return steps[0]

    assert repo._reader is not None
    await repo._reader.set_trace_callback(statements.append)
    await repo._reader.set_progress_handler(step, 1)  # every VM instruction
    short, long = await remember(500), await remember(4_500)
    await repo._reader.set_progress_handler(None, 1)
    await repo._reader.set_trace_callback(None)
    assert short > 0 and long < short * 1.2


def _user(session_id: str) -> NewMessage:
    return NewMessage(session_id=session_id, role=Role.USER, content="x" * 40)


async def test_reads_use_the_indexes(repo: SqliteChatRepository) -> None:
    assert repo._reader is not None
    plan = " ".join(
        str(row[3])
        for row in await repo._reader.execute_fetchall(
            "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE session_id = ? AND id < ? "
            "ORDER BY id DESC LIMIT 5",
            ("s", 10),
        )
    )
    assert "ix_messages_session_id" in plan and "TEMP B-TREE" not in plan


async def test_concurrent_writers_get_distinct_increasing_ids(repo: SqliteChatRepository) -> None:
    session_id = await _fill(repo, 0)

    async def writer(n: int) -> list[int]:
        ids = []
        for i in range(20):
            new = NewMessage(session_id=session_id, role=Role.USER, content=f"{n}-{i}")
            ids.append((await repo.add_message(new)).id)
        return ids

    results = await asyncio.gather(*(writer(n) for n in range(50)))
    every = [i for ids in results for i in ids]
    assert len(set(every)) == 1000
    assert all(ids == sorted(ids) for ids in results)
    stored = await repo.last_messages(session_id, 2000)
    assert [m.id for m in stored] == sorted(every)
    by_id = {m.id: m.content for m in stored}  # each caller got the id of its own row
    assert all(by_id[i] == f"{n}-{k}" for n, ids in enumerate(results) for k, i in enumerate(ids))
    listed = await repo.list_sessions(limit=1, offset=0)
    assert listed[0].message_count == 1000


async def test_a_bad_message_in_a_group_fails_alone(repo: SqliteChatRepository) -> None:
    session_id = await _fill(repo, 0)
    targets = [session_id, str(uuid.uuid4()), session_id, session_id]
    outcomes = await asyncio.gather(
        *(
            repo.add_message(NewMessage(session_id=target, role=Role.USER, content=str(n)))
            for n, target in enumerate(targets)
        ),
        return_exceptions=True,
    )
    assert isinstance(outcomes[1], SessionNotFound)
    stored = await repo.last_messages(session_id, 10)
    assert [m.content for m in stored] == ["0", "2", "3"]
    assert [m.id for m in stored] == [o.id for o in outcomes if isinstance(o, Message)]


async def test_a_cancelled_writer_does_not_disturb_the_others(repo: SqliteChatRepository) -> None:
    session_id = await _fill(repo, 0)
    tasks = [
        asyncio.create_task(
            repo.add_message(NewMessage(session_id=session_id, role=Role.USER, content=str(n)))
        )
        for n in range(10)
    ]
    await asyncio.sleep(0)
    tasks[3].cancel()
    done = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(done[3], asyncio.CancelledError)
    assert all(isinstance(d, Message) for i, d in enumerate(done) if i != 3)
    assert len(await repo.last_messages(session_id, 20)) in (9, 10)


async def test_a_closed_store_raises_storage_error(tmp_path: Path) -> None:
    repo = SqliteChatRepository(str(tmp_path / "never-opened.db"))
    with pytest.raises(StorageError):
        await repo.get_session("x")
    with pytest.raises(StorageError):
        await repo.list_sessions(limit=1, offset=0)


async def test_a_corrupt_file_raises_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database" * 100)
    repo = SqliteChatRepository(str(path))
    with pytest.raises(StorageError):
        await repo.start()
    await repo.aclose()


async def test_an_unusable_directory_raises_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    repo = SqliteChatRepository(str(blocker / "chat.db"))
    with pytest.raises(StorageError):
        await repo.start()
