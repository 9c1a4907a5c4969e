"""The session use cases against the in-memory repository."""

import uuid
from typing import Any

import pytest

from movie_analyst.application.errors import InvalidRequest, MessageNotFound, SessionNotFound
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns
from movie_analyst.application.use_cases.sessions.clear_messages import ClearMessages
from movie_analyst.application.use_cases.sessions.create_session import CreateSession
from movie_analyst.application.use_cases.sessions.delete_session import DeleteSession
from movie_analyst.application.use_cases.sessions.get_session import GetSession
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.application.use_cases.sessions.list_sessions import DEFAULT_PAGE, ListSessions
from movie_analyst.application.use_cases.sessions.rename_session import RenameSession
from movie_analyst.application.use_cases.sessions.set_feedback import SetFeedback
from movie_analyst.domain.errors import InvalidValue
from movie_analyst.domain.message import Feedback, NewMessage, Role
from movie_analyst.domain.session import DEFAULT_TITLE
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.fakes.task_runner import RecordingTaskRunner
from tests.support.storage import EPOCH, TickingClock


def _no_runs(repo: InMemoryChatRepository) -> dict[str, Any]:
    sessions = SessionRuns()
    return {
        "sessions": sessions,
        "stop": CancelSession(runner=RecordingTaskRunner(), sessions=sessions, repository=repo),
    }


def _delete(repo: InMemoryChatRepository) -> DeleteSession:
    return DeleteSession(repository=repo, **_no_runs(repo))


def _clear(repo: InMemoryChatRepository) -> ClearMessages:
    return ClearMessages(repository=repo, **_no_runs(repo))


@pytest.fixture
def repo() -> InMemoryChatRepository:
    return InMemoryChatRepository(clock=TickingClock())


async def test_create_issues_a_uuid_and_a_default_title(repo: InMemoryChatRepository) -> None:
    session = await CreateSession(repository=repo, clock=lambda: EPOCH).execute()
    assert uuid.UUID(session.id).version == 4
    assert session.title == DEFAULT_TITLE
    assert session.created_at == session.updated_at == EPOCH
    assert repo.sessions[session.id] == session


async def test_create_keeps_title_and_metadata(repo: InMemoryChatRepository) -> None:
    session = await CreateSession(repository=repo).execute(title="Noir", metadata={"a": "b"})
    assert (session.title, session.metadata) == ("Noir", {"a": "b"})


@pytest.mark.parametrize("title", ["x" * 201, 42])
async def test_create_and_rename_refuse_bad_titles(
    repo: InMemoryChatRepository, title: object
) -> None:
    with pytest.raises(InvalidValue):
        await CreateSession(repository=repo).execute(title=title)  # type: ignore[arg-type]
    assert repo.sessions == {}
    session = await CreateSession(repository=repo).execute()
    with pytest.raises(InvalidValue):
        await RenameSession(repository=repo).execute(session.id, title)  # type: ignore[arg-type]
    assert repo.sessions[session.id].title == DEFAULT_TITLE


async def test_get_rename_delete(repo: InMemoryChatRepository) -> None:
    session = await CreateSession(repository=repo).execute()
    assert await GetSession(repository=repo).execute(session.id) == session
    renamed = await RenameSession(repository=repo).execute(session.id, "x" * 200)
    assert renamed.title == "x" * 200
    await _delete(repo).execute(session.id)
    with pytest.raises(SessionNotFound):
        await GetSession(repository=repo).execute(session.id)
    with pytest.raises(SessionNotFound):
        await _delete(repo).execute(session.id)


async def test_a_malformed_id_is_just_not_found(repo: InMemoryChatRepository) -> None:
    with pytest.raises(SessionNotFound):
        await GetSession(repository=repo).execute("../../etc/passwd")
    assert repo.sessions == {}


async def test_list_sessions_bounds_its_page(repo: InMemoryChatRepository) -> None:
    for _ in range(3):
        await CreateSession(repository=repo).execute()
    use_case = ListSessions(repository=repo)
    everything = await use_case.execute()
    assert (len(everything.sessions), everything.total, everything.next_offset) == (3, 3, None)
    first = await use_case.execute(limit=2)
    assert (len(first.sessions), first.total, first.next_offset) == (2, 3, 2)
    last = await use_case.execute(limit=2, offset=2)
    assert (len(last.sessions), last.next_offset) == (1, None)
    assert {s.session.id for s in first.sessions + last.sessions} == {
        s.session.id for s in everything.sessions
    }
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        with pytest.raises(InvalidRequest):
            await use_case.execute(**bad)


async def test_list_sessions_defaults_to_pages_of_fifty(repo: InMemoryChatRepository) -> None:
    for _ in range(DEFAULT_PAGE + 1):
        await CreateSession(repository=repo).execute()
    page = await ListSessions(repository=repo).execute()
    assert (len(page.sessions), page.total, page.next_offset) == (DEFAULT_PAGE, 51, DEFAULT_PAGE)


async def test_messages_are_listed_cleared_and_rated(repo: InMemoryChatRepository) -> None:
    session = await CreateSession(repository=repo).execute()
    for text in ("one", "two", "three"):
        await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content=text))
    listing = ListMessages(repository=repo)
    assert [m.content for m in await listing.execute(session.id)] == ["one", "two", "three"]
    assert [m.content for m in await listing.execute(session.id, limit=2)] == ["two", "three"]
    with pytest.raises(InvalidRequest):
        await listing.execute(session.id, limit=0)
    first = next(iter(repo.messages))
    rated = await SetFeedback(repository=repo).execute(first, Feedback.UP)
    assert rated.feedback is Feedback.UP
    with pytest.raises(MessageNotFound):
        await SetFeedback(repository=repo).execute(999, None)
    assert await _clear(repo).execute(session.id) == 3
    assert await listing.execute(session.id) == []
    with pytest.raises(SessionNotFound):
        await _clear(repo).execute(str(uuid.uuid4()))
