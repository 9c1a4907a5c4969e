"""Users and API keys on the fake directory: issued once, stored as a digest, checked exactly."""

import pytest

from movie_analyst.application.errors import UserExists, UserNotFound
from movie_analyst.application.use_cases.users.add_user import AddUser
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.application.use_cases.users.authenticate import Authenticate
from movie_analyst.application.use_cases.users.remove_user import RemoveUser
from movie_analyst.application.use_cases.users.rotate_key import RotateKey
from movie_analyst.domain.errors import InvalidValue
from tests.fakes.user_directory import DictUserDirectory

KEYS = ApiKeys("k" * 32)


@pytest.fixture
def directory() -> DictUserDirectory:
    return DictUserDirectory()


def _authenticate(directory: DictUserDirectory, keys: ApiKeys = KEYS) -> Authenticate:
    return Authenticate(directory=directory, keys=keys)


async def test_a_new_key_finds_its_user_and_only_a_digest_is_stored(
    directory: DictUserDirectory,
) -> None:
    user, key = await AddUser(directory=directory, keys=KEYS).execute("alice", admin=True)
    assert user.is_admin and user.name == "alice"
    stored = directory.entries["alice"][1]
    assert key not in stored.digest and stored.key_id in key and len(stored.digest) == 64
    assert await _authenticate(directory).execute(key) == user


async def test_wrong_malformed_and_foreign_keys_are_refused(directory: DictUserDirectory) -> None:
    _, key = await AddUser(directory=directory, keys=KEYS).execute("alice")
    wrong_secret = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    other_server = ApiKeys("o" * 32)  # the same key under another AUTH_SECRET
    for presented in (wrong_secret, "", "ma_", key + "x", key.upper(), "Bearer " + key):
        assert await _authenticate(directory).execute(presented) is None, presented
    assert await _authenticate(directory, other_server).execute(key) is None
    assert directory.lookups.count(KEYS.key_id_of(key)) == 2  # a malformed key is not looked up


async def test_rotating_replaces_the_key_and_removing_ends_it(
    directory: DictUserDirectory,
) -> None:
    _, first = await AddUser(directory=directory, keys=KEYS).execute("bob")
    second = await RotateKey(directory=directory, keys=KEYS).execute("bob")
    assert second != first
    assert await _authenticate(directory).execute(first) is None
    assert await _authenticate(directory).execute(second) is not None
    await RemoveUser(directory=directory).execute("bob")
    assert await _authenticate(directory).execute(second) is None


async def test_names_are_unique_plain_and_must_exist(directory: DictUserDirectory) -> None:
    add = AddUser(directory=directory, keys=KEYS)
    await add.execute("carol@example.org")
    with pytest.raises(UserExists):
        await add.execute("carol@example.org")
    for bad in ("", "with space", "-dash", "x" * 65, "new\nline"):
        with pytest.raises(InvalidValue):
            await add.execute(bad)
    with pytest.raises(UserNotFound):
        await RotateKey(directory=directory, keys=KEYS).execute("nobody")
    with pytest.raises(UserNotFound):
        await RemoveUser(directory=directory).execute("nobody")


def test_keys_are_distinct_and_well_formed() -> None:
    issued = [KEYS.issue() for _ in range(50)]
    assert len({key for key, _ in issued}) == 50
    assert all(KEYS.key_id_of(key) == stored.key_id for key, stored in issued)
