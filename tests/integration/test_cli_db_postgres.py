"""`db migrate|check|copy` against a real PostgreSQL: the SQLite -> PostgreSQL round trip."""

import asyncio
from pathlib import Path

import pytest
from msgspec.structs import replace

from movie_analyst.adapters.postgres.migrations import MIGRATIONS
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import Feedback, NewMessage, Role
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import ToolStep
from movie_analyst.domain.session import SessionSummary
from tests.integration.test_storage_contract_admission import _run
from tests.support.cli import isolate_settings, run_cli
from tests.support.storage import new_session


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_settings(monkeypatch, tmp_path)


async def _fill(path: Path) -> None:
    repo = SqliteChatRepository(str(path))
    await repo.start()
    try:
        for n in range(3):
            session = new_session(f"Noir night {n}")
            await repo.add_session(session)
            run = await repo.admit_run(
                _run(session.id, f"run{n}"),
                NewMessage(
                    session_id=session.id, role=Role.USER, content=f"Who directed Chinatown?\x00{n}"
                ),
            )
            step = ToolStep(type="tool_call", tool="search_media", summary="Chinatown")
            answer = await repo.add_message(
                NewMessage(
                    session_id=session.id,
                    role=Role.ASSISTANT,
                    content="Roman Polanski",
                    steps=[step],
                )
            )
            await repo.set_feedback(answer.id, Feedback.UP)
            done = replace(run, status=RunStatus.SUCCEEDED, answer_message_id=answer.id)
            await repo.save_run(done)
    finally:
        await repo.aclose()


async def _snapshot(repo: ChatRepository) -> tuple[list[SessionSummary], list[object]]:
    sessions = await repo.list_sessions(limit=100, offset=0)
    details = []
    for summary in sessions:
        details.append(await repo.last_messages(summary.session.id, 100))
    details.append(await repo.runs_with_status(list(RunStatus)))
    return sessions, details


async def _open_snapshot(repo: SqliteChatRepository | PostgresChatRepository) -> object:
    await repo.start()
    try:
        return await _snapshot(repo)
    finally:
        await repo.aclose()


def test_copy_moves_everything_once_and_verifies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "chat.db"
    asyncio.run(_fill(source))
    argv = ["db", "copy", "--from", f"sqlite:///{source}", "--to", postgres_url]
    first = run_cli(capsys, argv)
    assert first.code == 0, first.err
    assert "messages: 6 in the source, 6 added, all verified" in first.out
    again = run_cli(capsys, argv)
    assert again.code == 0 and "messages: 6 in the source, 0 added" in again.out
    assert asyncio.run(_open_snapshot(PostgresChatRepository(postgres_url))) == asyncio.run(
        _open_snapshot(SqliteChatRepository(str(source)))
    )

    async def after_copy() -> None:
        repo = PostgresChatRepository(postgres_url)
        await repo.start()
        try:
            assert len(await repo.search("chinatown", limit=10)) == 3
            session = (await repo.list_sessions(limit=1, offset=0))[0].session
            new = await repo.add_message(
                NewMessage(session_id=session.id, role=Role.USER, content="x")
            )
            assert new.id == 7  # the id sequence continues after the copied ids
        finally:
            await repo.aclose()

    asyncio.run(after_copy())
    assert run_cli(capsys, ["db", "check", "--url", postgres_url]).code == 0


def test_copy_refuses_a_target_holding_other_conversations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "chat.db"
    asyncio.run(_fill(source))

    async def other_conversation() -> None:
        repo = PostgresChatRepository(postgres_url)
        await repo.start()
        session = new_session("Someone else's")
        await repo.add_session(session)
        await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content="mine"))
        await repo.aclose()

    asyncio.run(other_conversation())
    outcome = run_cli(capsys, ["db", "copy", "--from", f"sqlite:///{source}", "--to", postgres_url])
    assert outcome.code == 1 and "Nothing was written" in outcome.err
    sessions, _ = asyncio.run(_open_snapshot(PostgresChatRepository(postgres_url)))  # type: ignore[misc]
    assert [s.session.title for s in sessions] == ["Someone else's"]


def test_migrate_and_check_a_postgres_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, postgres_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    assert "no chat schema" in run_cli(capsys, ["db", "check"]).err
    migrated = run_cli(capsys, ["db", "migrate"])
    assert migrated.code == 0 and f"schema version {len(MIGRATIONS)}" in migrated.out
    checked = run_cli(capsys, ["db", "check"])
    assert checked.code == 0 and f"ok (schema version {len(MIGRATIONS)})" in checked.out


def test_copy_checks_its_urls(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wrong_way = run_cli(
        capsys, ["db", "copy", "--from", "postgresql://h/db", "--to", "sqlite:///x.db"]
    )
    assert wrong_way.code == 2 and "SQLite to PostgreSQL" in wrong_way.err
    bad = run_cli(capsys, ["db", "copy", "--from", "sqlite:///x.db", "--to", "mysql://h/db"])
    assert bad.code == 2 and "bad database URL" in bad.err
    missing = run_cli(
        capsys,
        [
            "db",
            "copy",
            "--from",
            f"sqlite:///{tmp_path}/none.db",
            "--to",
            "postgresql://127.0.0.1/x",
        ],
    )
    assert missing.code == 1 and "no SQLite database" in missing.err
