"""The ChatRepository contract for `admit_run` (one active run per session), on every engine,
and the race it exists for: several connections admitting in one session at once."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.errors import SessionBusy, SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from tests.support.storage import EPOCH, contract_repo, new_session

repo = contract_repo  # the fake, SQLite and PostgreSQL, in turn


def _run(session_id: str, run_id: str) -> Run:
    return Run(
        id=run_id,
        session_id=session_id,
        status=RunStatus.QUEUED,
        model="m",
        user_message_id=-1,
        created_at=EPOCH,
    )


def _question(session_id: str, text: str = "Who directed Alien?") -> NewMessage:
    return NewMessage(session_id=session_id, role=Role.USER, content=text)


async def test_admit_stores_the_message_and_its_run(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    admitted = await repo.admit_run(_run(session.id, "r1"), _question(session.id))
    [message] = await repo.last_messages(session.id, 10)
    assert admitted.user_message_id == message.id and message.content == "Who directed Alien?"
    assert await repo.get_run("r1") == admitted == await repo.active_run(session.id)


async def test_a_busy_session_admits_nothing(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    first = await repo.admit_run(_run(session.id, "r1"), _question(session.id))
    with pytest.raises(SessionBusy) as busy:
        await repo.admit_run(_run(session.id, "r2"), _question(session.id, "again"))
    assert busy.value.run_id == "r1"
    assert [m.content for m in await repo.last_messages(session.id, 10)] == ["Who directed Alien?"]
    assert await repo.get_run("r2") is None
    await repo.save_run(replace(first, status=RunStatus.SUCCEEDED))
    second = await repo.admit_run(_run(session.id, "r2"), _question(session.id, "again"))
    assert second.user_message_id > first.user_message_id


async def test_a_queued_run_also_makes_the_session_busy(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    await repo.add_run(replace(_run(session.id, "queued"), pending_message="later"))
    with pytest.raises(SessionBusy):
        await repo.admit_run(_run(session.id, "r1"), _question(session.id))


async def test_admit_into_a_missing_session(repo: ChatRepository) -> None:
    missing = new_session().id
    with pytest.raises(SessionNotFound):
        await repo.admit_run(_run(missing, "r1"), _question(missing))
    assert await repo.get_run("r1") is None


@pytest.fixture(params=["sqlite", "postgres"])
async def two_connections(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[list[ChatRepository]]:
    """Two independently opened repositories on one database, as two processes would have."""
    if request.param == "sqlite":
        repos: list[ChatRepository] = [
            SqliteChatRepository(str(tmp_path / "race.db")) for _ in range(2)
        ]
    else:
        url = request.getfixturevalue("postgres_url")
        repos = [PostgresChatRepository(url) for _ in range(2)]
    for each in repos:
        await each.start()  # type: ignore[attr-defined]
    try:
        yield repos
    finally:
        for each in repos:
            await each.aclose()  # type: ignore[attr-defined]


async def test_racing_connections_admit_exactly_one_run(
    two_connections: list[ChatRepository],
) -> None:
    one, other = two_connections
    for attempt in range(5):
        session = new_session(f"race {attempt}")
        await one.add_session(session)
        tries = [
            repo.admit_run(_run(session.id, f"r{attempt}-{i}"), _question(session.id, f"q{i}"))
            for i, repo in enumerate([one, other, one, other])
        ]
        outcomes = await asyncio.gather(*tries, return_exceptions=True)
        admitted = [o for o in outcomes if isinstance(o, Run)]
        refused = [o for o in outcomes if isinstance(o, SessionBusy)]
        assert len(admitted) == 1 and len(refused) == 3, outcomes
        assert [m.id for m in await other.last_messages(session.id, 10)] == [
            admitted[0].user_message_id
        ]
        assert await one.active_run(session.id) == admitted[0]


async def test_count_sessions_follows_adds_and_deletes(repo: ChatRepository) -> None:
    assert await repo.count_sessions() == 0
    first, second = new_session(), new_session()
    await repo.add_session(first)
    await repo.add_session(second)
    await repo.delete_session(first.id)
    assert await repo.count_sessions() == 1
