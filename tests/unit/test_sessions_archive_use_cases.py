"""Export, import and search use cases against the in-memory repository."""

import uuid
from datetime import timedelta

import msgspec
import pytest

from movie_analyst.application.errors import InvalidRequest, SessionNotFound, StorageFull
from movie_analyst.application.use_cases.sessions.export_session import ExportSession
from movie_analyst.application.use_cases.sessions.import_session import (
    MAX_IMPORTED_MESSAGES,
    ImportLimits,
    ImportSession,
)
from movie_analyst.application.use_cases.sessions.search_chats import SearchChats
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.errors import InvalidValue
from movie_analyst.domain.message import Role
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.support.storage import EPOCH, TickingClock


@pytest.fixture
def repo() -> InMemoryChatRepository:
    return InMemoryChatRepository(clock=TickingClock())


def _messages(*texts: str) -> list[ArchivedMessage]:
    return [
        ArchivedMessage(role=Role.USER, content=t, created_at=EPOCH + timedelta(seconds=i))
        for i, t in enumerate(texts)
    ]


async def test_import_gives_a_new_id_and_keeps_the_messages(repo: InMemoryChatRepository) -> None:
    importer = ImportSession(repository=repo, clock=lambda: EPOCH + timedelta(days=1))
    session, count = await importer.execute(
        title="Old chat", created_at=None, metadata={}, messages=_messages("a", "b")
    )
    assert uuid.UUID(session.id).version == 4 and count == 2
    assert session.created_at == EPOCH  # the first message's time
    export = await ExportSession(repository=repo).execute(session.id)
    assert [m.content for m in export.messages] == ["a", "b"]
    assert export.session.updated_at == EPOCH + timedelta(seconds=1)


async def test_import_clamps_a_future_creation_time(repo: InMemoryChatRepository) -> None:
    importer = ImportSession(repository=repo, clock=lambda: EPOCH)
    session, _ = await importer.execute(
        title="t", created_at=EPOCH + timedelta(days=9), metadata={}, messages=[]
    )
    assert session.created_at == EPOCH


async def test_import_refuses_bad_titles_and_huge_chats(repo: InMemoryChatRepository) -> None:
    importer = ImportSession(repository=repo)
    with pytest.raises(InvalidValue):
        await importer.execute(title="x" * 201, created_at=None, metadata={}, messages=[])
    too_many = _messages("m") * (MAX_IMPORTED_MESSAGES + 1)
    with pytest.raises(InvalidRequest):
        await importer.execute(title="t", created_at=None, metadata={}, messages=too_many)
    assert repo.sessions == {} and repo.messages == {}


async def test_import_caps_each_message_like_chat_and_answers_by_its_limit(
    repo: InMemoryChatRepository,
) -> None:
    importer = ImportSession(repository=repo, limits=ImportLimits(max_answer_chars=50))
    answer = ArchivedMessage(role=Role.ASSISTANT, content="a" * 50, created_at=EPOCH)
    await importer.execute(
        title="t", created_at=None, metadata={}, messages=[*_messages("q" * 4000), answer]
    )
    for refused in (_messages("q" * 4001), [msgspec.structs.replace(answer, content="a" * 51)]):
        with pytest.raises(InvalidRequest, match="longer than"):
            await importer.execute(title="t", created_at=None, metadata={}, messages=refused)
    with pytest.raises(InvalidRequest, match="at most 2 messages"):
        await ImportSession(repository=repo, limits=ImportLimits(max_messages=2)).execute(
            title="t", created_at=None, metadata={}, messages=_messages("a", "b", "c")
        )
    assert len(repo.sessions) == 1


async def test_import_refuses_to_grow_the_database_past_its_limit(
    repo: InMemoryChatRepository,
) -> None:
    importer = ImportSession(repository=repo, limits=ImportLimits(max_database_bytes=1000))
    await importer.execute(title="t", created_at=None, metadata={}, messages=_messages("x" * 600))
    with pytest.raises(StorageFull, match="DATABASE_MAX_BYTES"):
        await importer.execute(
            title="t", created_at=None, metadata={}, messages=_messages("y" * 401)
        )
    assert len(repo.sessions) == 1
    await importer.execute(title="t", created_at=None, metadata={}, messages=_messages("z" * 400))


async def test_export_of_an_unknown_session(repo: InMemoryChatRepository) -> None:
    with pytest.raises(SessionNotFound):
        await ExportSession(repository=repo).execute("missing")


async def test_search_bounds_its_input(repo: InMemoryChatRepository) -> None:
    await ImportSession(repository=repo).execute(
        title="Heat", created_at=None, metadata={}, messages=_messages("De Niro and Pacino")
    )
    searcher = SearchChats(repository=repo)
    assert [h.snippet for h in await searcher.execute("pac")] == ["De Niro and Pacino"]
    assert [h.message_id for h in await searcher.execute("heat")] == [None]
    for bad in ({"query": "x" * 201}, {"query": "x", "limit": 0}, {"query": "x", "limit": 101}):
        query = str(bad.pop("query"))
        with pytest.raises(InvalidRequest):
            await searcher.execute(query, **bad)  # type: ignore[arg-type]
