"""The one executor over the fake catalog: several facts at once, filters together, honest
headings, superlatives over the previous answer, and references resolved from its outcome."""

import re

import pytest

from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.offline_analyst import chat, drive


@pytest.fixture
def catalog() -> FakeMediaCatalog:
    return FakeMediaCatalog(live=False)


async def test_several_facts_of_one_title_and_it_is_never_a_title(catalog) -> None:
    result = await drive(catalog, "How long is Aliens and who stars in it?")
    assert result.tools == ["search_media", "get_details"]
    assert "137 minutes" in result.answer and "**Sigourney Weaver**" in result.answer


async def test_a_list_says_what_it_understood(catalog) -> None:
    result = await drive(catalog, "the best sci-fi films from the 80s")
    assert result.answer.startswith(
        "Sci-fi films from 1980–1989 with at least 40 critics' reviews, by critics' average score:"
    )
    assert "**Aliens** (1986)" in result.answer and "**Alien** (1979)" not in result.answer


SHOWN_SCORE = re.compile(r"^\d+\. .* — critics (\d+\.\d)/10$", re.MULTILINE)


async def test_a_list_by_critics_is_in_the_order_of_the_scores_it_shows(catalog) -> None:
    """The order is the number shown, whose source is named (was: a weighted order beside the
    plain average, so 8.1 stood above 8.4)."""
    for question in ("top rated films", "worst rated films", "best films by Ridley Scott"):
        result = await drive(catalog, question)
        shown = [float(x) for x in SHOWN_SCORE.findall(result.answer)]
        assert len(shown) >= 2, result.answer
        ascending = question.startswith("worst")
        assert shown == sorted(shown, reverse=not ascending), result.answer


async def test_a_catalog_wide_list_by_critics_states_its_review_floor(catalog) -> None:
    result = await drive(catalog, "top rated films")
    assert result.answer.startswith("Films with at least 40 critics' reviews, by critics'")
    discover = next(args[0] for name, args in catalog.calls if name == "discover")
    assert (discover.min_votes, discover.sort_by) == (40, "vote_average.desc")
    own = await drive(catalog, "top rated films with at least 5 reviews")  # the user's own floor
    assert own.answer.startswith("Films with at least 5 critics' reviews")


async def test_a_constraint_the_tools_cannot_apply_is_named(catalog) -> None:
    result = await drive(catalog, "PG-13 sci-fi movies")
    assert "Not applied: the age certification (PG-13)" in result.answer


async def test_nothing_matching_says_so_and_offers_a_nearer_query(catalog) -> None:
    result = await drive(catalog, "westerns from the 1950s")
    assert result.answer.startswith("I found no westerns from 1950–1959 in the catalog.")
    assert "Try it without the genre, or with another period." in result.answer


async def test_a_superlative_ranks_the_previous_answers_set(catalog) -> None:
    _, longest = await chat(catalog, ["Which films did Denis Villeneuve direct?",
                                      "which of them is the longest?"])  # fmt: skip
    assert longest.answer.startswith("Of those, the longest is **Prisoners** (2013), 153 minutes.")
    assert longest.tools == ["search_media", "get_person"]  # the list re-run once, ranked


async def test_the_first_one_and_he_come_from_the_previous_outcome(catalog) -> None:
    _, first = await chat(catalog, ["best sci-fi films", "who directed the first one?"])
    assert first.answer.startswith("**Alien** (1979) was directed by **Ridley Scott**.")
    _, other = await chat(catalog, ["Who directed Alien?", "how many films did he direct?"])
    assert "Films directed by **Ridley Scott**: 2 films" in other.answer


async def test_a_comparison_s_verdict_is_a_paragraph_of_its_own(catalog) -> None:
    """Markdown read it as more of the last bullet ("Awards: … By critics' average rating")."""
    result = await drive(catalog, "Compare Alien and Aliens")
    bullets, verdict = result.answer.split("\n\n")[:2]
    assert bullets.startswith("Comparing **Alien** (1979) and **Aliens** (1986):\n- ")
    assert verdict.startswith("By critics' average rating, ") and "critics 8.9/10" in verdict
