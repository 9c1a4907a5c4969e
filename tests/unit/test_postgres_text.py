"""The reversible escape that lets PostgreSQL text hold U+0000, and the search word rules."""

from hypothesis import given
from hypothesis import strategies as st

from movie_analyst.adapters.postgres.search import snippet, ts_query, words
from movie_analyst.adapters.postgres.text import ESC, load_text, store_text

tricky = st.text(alphabet=st.sampled_from(["a", "\x00", ESC, "0", "é", " "]), max_size=40)


@given(text=tricky | st.text(alphabet=st.characters(codec="utf-8")))
def test_every_text_round_trips_and_never_stores_nul(text: str) -> None:
    stored = store_text(text)
    assert "\x00" not in stored
    assert load_text(stored) == text


def test_plain_text_is_stored_verbatim() -> None:
    assert store_text("Who directed Alien?") == "Who directed Alien?"


def test_words_fold_case_and_accents_like_fts5() -> None:
    assert words("Amélie, AMÉLIE and snake_case 2001") == ["amelie", "and", "snake", "case", "2001"]
    assert ts_query("Chinat' | classic") == "'chinat':* & 'classic':*"
    assert ts_query('"*) OR NEAR(') == "'or':* & 'near':*"
    assert ts_query("  ,,, ") is None


def test_a_snippet_shows_the_text_around_the_first_match() -> None:
    text = "x " * 100 + "Try Chinatown, a noir classic" + " y" * 100
    shown = snippet(text, "chinat")
    assert "Chinatown" in shown and shown.startswith("…") and shown.endswith("…")
