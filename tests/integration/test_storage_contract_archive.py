"""The ChatRepository contract for import and search, on the fake and on SQLite alike."""

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.message import Feedback, NewMessage, Role
from tests.support.storage import EPOCH, contract_repo, new_session

repo = contract_repo  # the fake and the SQLite adapter, in turn


def _archived(content: str, minutes: int = 0, **extra: object) -> ArchivedMessage:
    at = EPOCH + timedelta(minutes=minutes)
    return ArchivedMessage(role=Role.USER, content=content, created_at=at, **extra)  # type: ignore[arg-type]


async def test_import_stores_everything_in_order(repo: ChatRepository) -> None:
    session = new_session("Imported")
    archived = [
        _archived("question"),
        _archived("answer\x00 עברית", 1, feedback=Feedback.UP, stopped=True),
    ]
    assert await repo.import_session(session, archived) == 2
    stored = await repo.last_messages(session.id, 10)
    assert [(m.content, m.feedback, m.stopped) for m in stored] == [
        ("question", None, False),
        ("answer\x00 עברית", Feedback.UP, True),
    ]
    assert stored[0].id < stored[1].id
    summary = (await repo.list_sessions(limit=5, offset=0))[0]
    assert summary.message_count == 2
    assert summary.session.updated_at == EPOCH + timedelta(minutes=1)


async def test_import_is_all_or_nothing(repo: ChatRepository) -> None:
    session = new_session("Original")
    await repo.add_session(session)
    with pytest.raises(InvalidRequest):
        await repo.import_session(session, [_archived("sneaky")])
    assert await repo.last_messages(session.id, 10) == []
    assert (await repo.get_session(session.id)) == session


async def test_search_finds_titles_and_messages_by_word_prefix(repo: ChatRepository) -> None:
    noir, other = new_session("Neo-noir evenings"), new_session("Comedies")
    await repo.add_session(noir)
    await repo.add_session(other)
    hit = await repo.add_message(
        NewMessage(
            session_id=other.id, role=Role.ASSISTANT, content="Try Chinatown, a NOIR classic"
        )
    )
    await repo.add_message(NewMessage(session_id=other.id, role=Role.USER, content="noisy"))
    found = await repo.search("noir", limit=10)
    assert [(h.session_id, h.message_id) for h in found] == [(noir.id, None), (other.id, hit.id)]
    assert found[1].role is Role.ASSISTANT and found[1].title == "Comedies"
    assert "Chinatown" in found[1].snippet
    assert [h.message_id for h in await repo.search("chinat classic", limit=10)] == [hit.id]
    assert await repo.search("noir comedy", limit=10) == []
    assert await repo.search('"*) OR NEAR(', limit=10) == []  # not FTS syntax
    assert await repo.search("", limit=10) == []


async def test_search_forgets_what_was_deleted_or_renamed(repo: ChatRepository) -> None:
    session = new_session("Alien marathon")
    await repo.add_session(session)
    await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content="xenomorph"))
    await repo.rename_session(session.id, "Space horror")
    assert await repo.search("alien", limit=5) == []
    assert len(await repo.search("space", limit=5)) == 1
    await repo.clear_messages(session.id)
    assert await repo.search("xenomorph", limit=5) == []
    await repo.delete_session(session.id)
    assert await repo.search("space", limit=5) == []


async def test_search_ignores_case_and_accents(repo: ChatRepository) -> None:
    session = new_session("Amélie")
    await repo.add_session(session)
    assert len(await repo.search("AMELIE", limit=5)) == 1


words = st.text(alphabet="abcde", min_size=1, max_size=4)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.lists(words, max_size=5).map(" ".join), max_size=12), query=words)
async def test_search_agrees_with_its_definition(
    repo: ChatRepository, texts: list[str], query: str
) -> None:
    session = new_session("zzz")
    await repo.add_session(session)
    ids = [
        (await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content=t))).id
        for t in texts
    ]
    expected = {
        i
        for i, text in zip(ids, texts, strict=True)
        if any(word.startswith(query) for word in text.split())
    }
    found = await repo.search(query, limit=10_000)  # examples share the repository
    assert {h.message_id for h in found if h.session_id == session.id} == expected


async def test_the_size_grows_with_what_is_stored(repo: ChatRepository) -> None:
    before = await repo.size_bytes()
    assert before >= 0
    text = os.urandom(300_000).hex()  # 600 KB that no page compression shrinks away
    await repo.import_session(new_session(), [_archived(text)])
    assert await repo.size_bytes() > before + 200_000
