"""The UserDirectory contract, on the fake and on both engines' adapters alike."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from movie_analyst.adapters.postgres_user_directory import PostgresUserDirectory
from movie_analyst.adapters.sqlite_user_directory import SqliteUserDirectory
from movie_analyst.application.errors import UserExists
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.domain.user import StoredKey, User
from tests.fakes.user_directory import DictUserDirectory

T0 = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["fake", "sqlite", "postgres"])
async def directory(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[UserDirectory]:
    if request.param == "fake":
        yield DictUserDirectory()
        return
    adapter: SqliteUserDirectory | PostgresUserDirectory
    if request.param == "sqlite":
        adapter = SqliteUserDirectory(str(tmp_path / "chat.db"))
    else:
        adapter = PostgresUserDirectory(request.getfixturevalue("postgres_url"))
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.aclose()


def _user(name: str, minutes: int = 0, *, admin: bool = False) -> User:
    return User(
        id=f"id-{name}", name=name, is_admin=admin, created_at=T0 + timedelta(minutes=minutes)
    )


def _key(n: int) -> StoredKey:
    return StoredKey(key_id=f"{n:012x}", digest=f"{n:064x}")


async def test_users_are_listed_oldest_first_and_found_by_key_id(directory: UserDirectory) -> None:
    alice, bob = _user("alice", admin=True), _user("bob", 5)
    await directory.add(alice, _key(1))
    await directory.add(bob, _key(2))
    assert await directory.users() == [alice, bob]
    assert await directory.find_key(_key(2).key_id) == (bob, _key(2).digest)
    assert await directory.find_key(_key(9).key_id) is None
    assert await directory.find_user("alice") == alice
    assert await directory.find_user("carol") is None


async def test_a_taken_name_is_refused_and_nothing_changes(directory: UserDirectory) -> None:
    await directory.add(_user("alice"), _key(1))
    with pytest.raises(UserExists):
        await directory.add(User(id="other", name="alice", is_admin=True, created_at=T0), _key(2))
    assert await directory.users() == [_user("alice")]
    assert await directory.find_key(_key(2).key_id) is None


async def test_a_replaced_or_removed_key_finds_nothing(directory: UserDirectory) -> None:
    await directory.add(_user("alice"), _key(1))
    assert await directory.replace_key("alice", _key(2))
    assert await directory.find_key(_key(1).key_id) is None
    assert await directory.find_key(_key(2).key_id) == (_user("alice"), _key(2).digest)
    assert await directory.remove("alice")
    assert await directory.find_key(_key(2).key_id) is None
    assert await directory.users() == []


async def test_unknown_names_answer_false(directory: UserDirectory) -> None:
    assert not await directory.remove("nobody")
    assert not await directory.replace_key("nobody", _key(3))
