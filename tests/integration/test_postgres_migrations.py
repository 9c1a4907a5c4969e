"""Schema versions on PostgreSQL and SQLite: from empty, from the previous version, in a race."""

import asyncio
import sqlite3
from pathlib import Path

import psycopg
import pytest

from movie_analyst.adapters.postgres.migrations import MIGRATIONS, migrate, schema_version
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite import migrations as sqlite_migrations
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.errors import SessionBusy
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from tests.support.storage import EPOCH


async def _version(url: str) -> int:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
        return await schema_version(connection)


async def test_an_empty_database_migrates_to_the_latest_version(postgres_url: str) -> None:
    assert await _version(postgres_url) == 0
    repository = PostgresChatRepository(postgres_url)
    await repository.start()
    await repository.aclose()
    assert await _version(postgres_url) == len(MIGRATIONS)
    again = PostgresChatRepository(postgres_url)  # a second start changes nothing
    await again.start()
    await again.aclose()
    assert await _version(postgres_url) == len(MIGRATIONS)


async def test_two_processes_migrating_at_once_apply_each_step_once(postgres_url: str) -> None:
    async def one() -> int:
        async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as c:
            return await migrate(c)

    assert await asyncio.gather(one(), one(), one()) == [len(MIGRATIONS)] * 3


async def test_the_previous_version_upgrades_with_its_data(postgres_url: str) -> None:
    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as c:
        await migrate(c, target=len(MIGRATIONS) - 1)
        await c.execute(
            "INSERT INTO sessions (id, title, created_at, updated_at) "
            "VALUES ('s1', 'Old', now(), now())"
        )
    repository = PostgresChatRepository(postgres_url)
    await repository.start()
    try:
        assert (await repository.get_session("s1")) is not None
        message = await repository.add_message(
            NewMessage(session_id="s1", role=Role.USER, content="hi")
        )
        assert message.id == 1
    finally:
        await repository.aclose()
    assert await _version(postgres_url) == len(MIGRATIONS)


async def test_a_sqlite_file_of_the_previous_version_keeps_its_active_runs(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        for version, script in enumerate(sqlite_migrations.MIGRATIONS[:-1]):
            connection.executescript(script + f"\nPRAGMA user_version = {version + 1};")
        connection.execute(
            "INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s1', 'Old', ?, ?)",
            (EPOCH.isoformat(), EPOCH.isoformat()),
        )
        for run_id in ("a", "b"):  # two active runs from before: the upgrade must not fail
            connection.execute(
                "INSERT INTO runs (id, session_id, status, model, user_message_id, created_at) "
                "VALUES (?, 's1', 'running', 'm', 1, ?)",
                (run_id, EPOCH.isoformat()),
            )
    repository = SqliteChatRepository(str(path))
    await repository.start()
    try:
        assert [r.id for r in await repository.runs_with_status([RunStatus.RUNNING])] == ["a", "b"]
        with pytest.raises(SessionBusy):
            await repository.admit_run(
                Run(id="c", session_id="s1", status=RunStatus.QUEUED, model="m",
                    user_message_id=-1, created_at=EPOCH),
                NewMessage(session_id="s1", role=Role.USER, content="hi"),
            )  # fmt: skip
    finally:
        await repository.aclose()
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(sqlite_migrations.MIGRATIONS)
