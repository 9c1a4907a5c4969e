"""The ChatRepository ownership contract (#18), on the fake, SQLite and PostgreSQL alike: with
an `owner`, another user's session, message and run behave exactly like missing ones; without
one (the shared space) every session is seen, as before users existed."""

import uuid

import msgspec
import pytest

from movie_analyst.application.errors import MessageNotFound, SessionBusy, SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.message import Feedback, NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session
from tests.support.storage import EPOCH, contract_repo, new_session

repo = contract_repo

ALICE, BOB = "u-alice", "u-bob"


def owned(title: str, owner: str | None) -> Session:
    return msgspec.structs.replace(new_session(title), owner=owner)


def _run(session_id: str) -> Run:
    return Run(
        id=str(uuid.uuid4()),
        session_id=session_id,
        status=RunStatus.QUEUED,
        model="m",
        user_message_id=0,
        created_at=EPOCH,
    )


def _said(session_id: str, text: str) -> NewMessage:
    return NewMessage(session_id=session_id, role=Role.USER, content=text)


async def test_a_session_is_stored_with_its_owner(repo: ChatRepository) -> None:
    mine, shared = owned("Noir", ALICE), owned("Shared", None)
    await repo.add_session(mine)
    await repo.add_session(shared)
    assert await repo.get_session(mine.id) == mine
    assert await repo.get_session(mine.id, owner=ALICE) == mine
    assert await repo.get_session(mine.id, owner=BOB) is None
    assert await repo.get_session(shared.id, owner=ALICE) is None  # not a user's: admin only
    assert (await repo.get_session(shared.id)) == shared


async def test_lists_counts_and_searches_see_only_the_owners_sessions(
    repo: ChatRepository,
) -> None:
    a1, a2, b1 = owned("Noir one", ALICE), owned("Noir two", ALICE), owned("Noir bob", BOB)
    for session in (a1, a2, b1):
        await repo.add_session(session)
        await repo.add_message(_said(session.id, f"noir talk {session.title}"))
    listed = await repo.list_sessions(limit=10, offset=0, owner=ALICE)
    assert {s.session.id for s in listed} == {a1.id, a2.id}
    assert all(s.message_count == 1 for s in listed)
    assert [s.session.id for s in await repo.list_sessions(limit=10, offset=0, owner=BOB)] == [
        b1.id
    ]
    assert len(await repo.list_sessions(limit=10, offset=0)) == 3
    assert await repo.count_sessions(owner=ALICE) == 2
    assert await repo.count_sessions(owner="nobody") == 0
    assert await repo.count_sessions() == 3
    hits = await repo.search("noir", limit=10, owner=BOB)
    assert hits and {h.session_id for h in hits} == {b1.id}
    assert {h.session_id for h in await repo.search("noir", limit=10)} == {a1.id, a2.id, b1.id}


async def test_another_users_session_is_missing_to_every_write(repo: ChatRepository) -> None:
    session = owned("Alice's", ALICE)
    await repo.add_session(session)
    said = await repo.add_message(_said(session.id, "hello"))
    with pytest.raises(SessionNotFound):
        await repo.rename_session(session.id, "taken", owner=BOB)
    with pytest.raises(SessionNotFound):
        await repo.clear_messages(session.id, owner=BOB)
    with pytest.raises(SessionNotFound):
        await repo.delete_session(session.id, owner=BOB)
    with pytest.raises(SessionNotFound):
        await repo.last_messages(session.id, 10, owner=BOB)
    with pytest.raises(MessageNotFound):
        await repo.set_feedback(said.id, Feedback.DOWN, owner=BOB)
    unchanged = await repo.get_session(session.id)
    assert unchanged is not None and (unchanged.title, unchanged.owner) == ("Alice's", ALICE)
    assert [m.feedback for m in await repo.last_messages(session.id, 10, owner=ALICE)] == [None]

    assert (await repo.rename_session(session.id, "Renamed", owner=ALICE)).title == "Renamed"
    rated = await repo.set_feedback(said.id, Feedback.UP, owner=ALICE)
    assert rated.feedback is Feedback.UP
    assert await repo.clear_messages(session.id, owner=ALICE) == 1
    await repo.delete_session(session.id, owner=ALICE)
    assert await repo.get_session(session.id) is None


async def test_runs_belong_through_their_session(repo: ChatRepository) -> None:
    session = owned("Alice's", ALICE)
    await repo.add_session(session)
    with pytest.raises(SessionNotFound):
        await repo.admit_run(_run(session.id), _said(session.id, "sneaky"), owner=BOB)
    assert await repo.last_messages(session.id, 10) == []  # nothing stored
    run = await repo.admit_run(_run(session.id), _said(session.id, "mine"), owner=ALICE)
    assert await repo.get_run(run.id, owner=ALICE) == await repo.get_run(run.id)
    assert await repo.get_run(run.id, owner=BOB) is None
    # Busy, yet to another user the session is missing, not busy (that would name the run).
    with pytest.raises(SessionNotFound):
        await repo.admit_run(_run(session.id), _said(session.id, "again"), owner=BOB)
    with pytest.raises(SessionBusy):
        await repo.admit_run(_run(session.id), _said(session.id, "again"), owner=ALICE)


async def test_an_import_keeps_its_owner(repo: ChatRepository) -> None:
    session = owned("Imported", BOB)
    archived = [ArchivedMessage(role=Role.USER, content="q", created_at=EPOCH)]
    assert await repo.import_session(session, archived) == 1
    assert await repo.get_session(session.id, owner=BOB) == session
    assert len(await repo.last_messages(session.id, 10, owner=BOB)) == 1
    assert await repo.get_session(session.id, owner=ALICE) is None


async def test_the_admin_reads_see_one_users_sessions_and_anyones_messages(
    repo: ChatRepository,
) -> None:
    """What the admin routes ask of the store: a user's own sessions by their id, and a
    session's messages with no owner (the admin reads it without taking it over)."""
    alices, bobs = owned("Alice's", ALICE), owned("Bob's", BOB)
    for session in (alices, bobs):
        await repo.add_session(session)
        await repo.add_message(_said(session.id, f"said in {session.title}"))
    listed = await repo.list_sessions(limit=5, offset=0, owner=BOB)
    assert [s.session.id for s in listed] == [bobs.id]
    assert [m.content for m in await repo.last_messages(alices.id, 2**31)] == ["said in Alice's"]
    still = await repo.get_session(alices.id, owner=ALICE)
    assert still is not None and still.owner == ALICE  # still hers
