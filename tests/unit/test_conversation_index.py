"""The conversation key and title an OpenAI client's turns give (the index: integration)."""

from movie_analyst.domain.conversation import Turn, conversation_key, title_of
from movie_analyst.domain.message import Role


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
