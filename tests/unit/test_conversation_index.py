"""The ConversationIndex contract, on the fake and the in-memory adapter alike."""

import pytest

from movie_analyst.adapters.memory_conversation_index import InMemoryConversationIndex
from movie_analyst.application.ports.conversation_index import ConversationIndex
from movie_analyst.domain.conversation import Turn, conversation_key, title_of
from movie_analyst.domain.message import Role
from tests.fakes.conversation_index import DictConversationIndex


@pytest.fixture(params=["fake", "memory"])
def index(request: pytest.FixtureRequest) -> ConversationIndex:
    return DictConversationIndex() if request.param == "fake" else InMemoryConversationIndex()


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

    assert (await index.find("same"), await index.find("later")) == ("s2", "s1")


async def test_the_memory_index_forgets_its_oldest_entries_first() -> None:
    index = InMemoryConversationIndex(capacity=2)
    for n in range(3):
        await index.remember(f"s{n}", f"k{n}")
    await index.remember("s0", "k0-again")  # s0's key was evicted; it is simply new again

    assert [await index.find(f"k{n}") for n in range(3)] == [None, None, "s2"]
    assert await index.find("k0-again") == "s0"


def test_the_key_ignores_system_turns_and_surrounding_whitespace() -> None:
    said = [Turn(role=Role.USER, content="Jaws?"), Turn(role=Role.ASSISTANT, content="1975.")]
    noisy = [
        Turn(role=Role.SYSTEM, content="Be brief."),
        Turn(role=Role.USER, content="  Jaws?\n"),
        Turn(role=Role.ASSISTANT, content="1975."),
    ]
    swapped = [Turn(role=Role.ASSISTANT, content="Jaws?"), Turn(role=Role.USER, content="1975.")]

    assert conversation_key(said) == conversation_key(noisy) != conversation_key(swapped)


def test_a_title_is_the_first_user_turn_on_one_line() -> None:
    long = Turn(role=Role.USER, content="Which  films\nof the 1970s " + "x" * 80)

    assert title_of([Turn(role=Role.USER, content=" Jaws? ")]) == "Jaws?"
    assert title_of([long]).startswith("Which films of the 1970s") and len(title_of([long])) == 60
    assert title_of([]) == "New chat"
