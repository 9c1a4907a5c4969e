"""Ownership in the use cases (#18), on fakes: another user's session, run and message are
missing to every use case (never stopped, changed or shown), and without an owner (AUTH_MODE
none/token) everything is one shared space as before."""

import asyncio

import pytest

from movie_analyst.application.errors import (
    MessageNotFound,
    RunNotFound,
    SessionNotFound,
)
from movie_analyst.application.use_cases.runs.get_run_status import GetRunStatus
from movie_analyst.application.use_cases.sessions.clear_messages import ClearMessages
from movie_analyst.application.use_cases.sessions.create_session import CreateSession
from movie_analyst.application.use_cases.sessions.delete_session import DeleteSession
from movie_analyst.application.use_cases.sessions.export_session import ExportSession
from movie_analyst.application.use_cases.sessions.get_session import GetSession
from movie_analyst.application.use_cases.sessions.import_session import ImportSession
from movie_analyst.application.use_cases.sessions.list_sessions import ListSessions
from movie_analyst.application.use_cases.sessions.search_chats import SearchChats
from movie_analyst.application.use_cases.sessions.set_feedback import SetFeedback
from movie_analyst.domain.conversation import Turn
from movie_analyst.domain.message import Feedback, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.user import User
from tests.fakes.agent import ScriptedAgent, answering
from tests.fakes.conversation_index import DictConversationIndex
from tests.support.runs import RunsKit, collect, conversation_of, make_kit
from tests.support.storage import EPOCH

ALICE, BOB = "u-alice", "u-bob"


def _user(user_id: str) -> User:
    return User(id=user_id, name=user_id.removeprefix("u-"), is_admin=False, created_at=EPOCH)


ALICE_USER, BOB_USER = _user(ALICE), _user(BOB)


async def _alices_busy_chat(kit: RunsKit) -> Run:
    """Alice's session with a run that is still answering (the agent sleeps)."""
    session = await CreateSession(repository=kit.repository).execute(title="Noir", owner=ALICE)
    kit.agent.push([60.0, *answering("late")])  # type: ignore[attr-defined]
    run = await kit.submit.execute(session_id=session.id, message="noir please", user=ALICE_USER)
    await asyncio.wait_for(kit.agent.started.wait(), 5)  # type: ignore[attr-defined]
    return run


def _stoppers(kit: RunsKit) -> tuple[DeleteSession, ClearMessages]:
    parts = {"repository": kit.repository, "sessions": kit.sessions, "stop": kit.cancel_session}
    return DeleteSession(**parts), ClearMessages(**parts)


async def test_another_user_can_neither_see_nor_stop_a_running_chat() -> None:
    kit = make_kit(ScriptedAgent())
    run = await _alices_busy_chat(kit)
    sid = run.session_id
    delete, clear = _stoppers(kit)
    for attempt in (
        lambda: delete.execute(sid, owner=BOB),
        lambda: clear.execute(sid, owner=BOB),
        lambda: kit.cancel_session.execute(sid, owner=BOB),
        lambda: kit.session_status.execute(sid, owner=BOB),
        lambda: kit.submit.execute(session_id=sid, message="mine now", user=BOB_USER),
        lambda: GetSession(repository=kit.repository).execute(sid, owner=BOB),
        lambda: ExportSession(repository=kit.repository).execute(sid, owner=BOB),
    ):
        with pytest.raises(SessionNotFound):
            await attempt()
    for run_attempt in (
        lambda: kit.cancel_run.execute(run.id, owner=BOB),
        lambda: kit.follow.execute(run.id, owner=BOB),
        lambda: GetRunStatus(repository=kit.repository).execute(run.id, owner=BOB),
    ):
        with pytest.raises(RunNotFound):
            await run_attempt()
    assert kit.runner.cancelled == []  # nothing of Alice's was touched
    assert (await kit.session_status.execute(sid, owner=ALICE)).pending

    outcome = await kit.cancel_run.execute(run.id, owner=ALICE)
    assert outcome.cancelled and outcome.status is RunStatus.CANCELLED


async def test_the_owner_deletes_her_chat_and_its_run_stops() -> None:
    kit = make_kit(ScriptedAgent())
    run = await _alices_busy_chat(kit)
    delete, _ = _stoppers(kit)
    await delete.execute(run.session_id, owner=ALICE)
    assert kit.runner.cancelled == [run.id]
    assert run.session_id not in kit.repository.sessions


async def test_lists_searches_feedback_and_imports_are_per_user() -> None:
    kit = make_kit(ScriptedAgent(answering("Chinatown is noir.")))
    repo = kit.repository
    create = CreateSession(repository=repo)
    alices = await create.execute(title="Noir nights", owner=ALICE)
    await create.execute(title="Noir for bob", owner=BOB)
    shared = await create.execute(title="Noir shared")
    run = await kit.submit.execute(session_id=alices.id, message="noir?", user=ALICE_USER)
    await collect(kit.events, run.id)

    page = await ListSessions(repository=repo).execute(owner=ALICE)
    assert [s.session.id for s in page.sessions] == [alices.id] and page.total == 1
    assert (await ListSessions(repository=repo).execute()).total == 3  # the shared space
    hits = await SearchChats(repository=repo).execute("noir", owner=ALICE)
    assert hits and {h.session_id for h in hits} == {alices.id}
    assert shared.id in {h.session_id for h in await SearchChats(repository=repo).execute("noir")}

    answer = next(m for m in kit.conversation(alices.id) if m.role is Role.ASSISTANT)
    with pytest.raises(MessageNotFound):
        await SetFeedback(repository=repo).execute(answer.id, Feedback.DOWN, owner=BOB)
    rated = await SetFeedback(repository=repo).execute(answer.id, Feedback.UP, owner=ALICE)
    assert rated.feedback is Feedback.UP

    imported, _ = await ImportSession(repository=repo).execute(
        title="Moved", created_at=None, metadata={}, messages=[], owner=BOB
    )
    assert imported.owner == BOB and repo.sessions[imported.id].owner == BOB


async def test_a_same_worded_conversation_of_another_user_is_not_continued() -> None:
    kit = make_kit(ScriptedAgent(answering("Spielberg."), answering("1975."), answering("1975.")))
    conversation = conversation_of(kit, DictConversationIndex())
    asked = [Turn(role=Role.USER, content="Who directed Jaws?")]
    first, done = await conversation.answer(asked, user=ALICE_USER)
    later = [*asked, Turn(role=Role.ASSISTANT, content=done.content)]
    later.append(Turn(role=Role.USER, content="When?"))

    bobs, _ = await conversation.answer(later, user=BOB_USER)
    assert bobs.run.session_id != first.run.session_id
    assert kit.repository.sessions[bobs.run.session_id].owner == BOB
    alices, _ = await conversation.answer(later, user=ALICE_USER)
    assert alices.run.session_id == first.run.session_id
    with pytest.raises(SessionNotFound):  # naming Alice's session does not help Bob
        await conversation.start(later, session_id=first.run.session_id, user=BOB_USER)
