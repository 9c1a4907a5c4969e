"""The ConversationIndex contract, on the fake and on both engines' adapters alike."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from movie_analyst.adapters.postgres_conversation_index import PostgresConversationIndex
from movie_analyst.adapters.sqlite_conversation_index import SqliteConversationIndex
from movie_analyst.application.ports.conversation_index import ConversationIndex
from tests.fakes.conversation_index import DictConversationIndex


@pytest.fixture(params=["fake", "sqlite", "postgres"])
async def index(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ConversationIndex]:
    if request.param == "fake":
        yield DictConversationIndex()
        return
    adapter: SqliteConversationIndex | PostgresConversationIndex
    if request.param == "sqlite":
        adapter = SqliteConversationIndex(str(tmp_path / "chat-conversations.db"))
    else:
        adapter = PostgresConversationIndex(request.getfixturevalue("postgres_url"))
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.aclose()


async def test_a_remembered_key_finds_its_session_and_the_old_key_nothing(
    index: ConversationIndex,
) -> None:
    assert await index.find("k1") is None
    await index.remember("s1", "k1")
    await index.remember("s2", "k2")
    await index.remember("s1", "k3")

    assert [await index.find(k) for k in ("k1", "k2", "k3")] == [None, "s2", "s1"]


async def test_a_key_taken_by_a_newer_session_leaves_the_older_one_keyless(
    index: ConversationIndex,
) -> None:
    await index.remember("s1", "same")
    await index.remember("s2", "same")
    await index.remember("s1", "later")
    await index.remember("s1", "later")  # remembering again changes nothing

    assert (await index.find("same"), await index.find("later")) == ("s2", "s1")


async def test_the_sqlite_index_survives_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "chat-conversations.db")
    first = SqliteConversationIndex(path)
    await first.start()
    await first.remember("s1", "k1")
    await first.aclose()

    again = SqliteConversationIndex(path)
    await again.start()
    try:
        assert await again.find("k1") == "s1"
    finally:
        await again.aclose()
