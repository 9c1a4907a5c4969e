import pytest

from movie_analyst.adapters.offline_analyst import facts
from movie_analyst.adapters.offline_analyst.phrasing import norm_title
from movie_analyst.adapters.offline_analyst.resolve import (
    choose_title,
    resembles,
    resolve_person,
    split_year,
)
from movie_analyst.adapters.offline_analyst.tape import Finish, NeedTool, Tape
from movie_analyst.adapters.offline_analyst.transcript import ToolStep


def film(
    id_: int, title: str, year: int, votes: int = 10, rating: float = 7.0
) -> dict[str, object]:
    return {"kind": "movie", "id": id_, "title": title, "year": year, "vote_count": votes,
            "vote_average": rating}  # fmt: skip


HALLOWEEN = {"results": [film(2, "Halloween", 2007, 122, 4.4), film(1, "Halloween", 1978, 92, 8.6)]}


def test_an_exact_title_wins_and_a_year_picks_between_remakes() -> None:
    assert choose_title(HALLOWEEN, "halloween", 2007).item["id"] == 2
    assert choose_title(HALLOWEEN, "Halloween", 2007).note == ""


def test_an_ambiguous_title_takes_the_best_known_and_says_so() -> None:
    chosen = choose_title(HALLOWEEN, "Halloween", None)
    assert chosen.item["year"] == 1978  # fewer votes, but far better liked than the remake
    assert "2 titles called “Halloween”" in chosen.note and "best-known" in chosen.note


def test_a_loose_match_must_share_most_of_the_words() -> None:
    found = {"results": [film(3, "Star Wars: Episode IV – A New Hope", 1977)]}
    assert "closest one" in choose_title(found, "Star Wars", None).note
    unrelated = {"results": [film(4, "What Lies Beneath", 2000)]}
    with pytest.raises(Finish, match="couldn't find a film or show called"):
        choose_title(unrelated, "what's the weather like", None)
    assert resembles("the matrix", "The Matrix Reloaded")
    assert not resembles("", "Anything")


def test_nothing_found_and_tool_errors_finish_honestly() -> None:
    with pytest.raises(Finish, match="couldn't find"):
        choose_title({"results": [], "total_results": 0}, "Nope", None)
    with pytest.raises(Finish, match=r"couldn.t look up .*: catalog down"):
        choose_title({"error": "catalog down"}, "Alien", None)


def test_people_prefer_the_exact_name() -> None:
    found = {"results": [{"kind": "person", "id": 1, "name": "Tom Hanks Jr"},
                         {"kind": "person", "id": 2, "name": "Tom Hanks"}]}  # fmt: skip
    step = ToolStep(tool="search_media", args={}, observation=found)
    assert resolve_person(Tape([step]), "tom hanks")["id"] == 2
    with pytest.raises(NeedTool) as asked:
        resolve_person(Tape([]), "Tom Hanks")
    assert asked.value.arguments == {"query": "Tom Hanks", "kind": "person"}


def test_titles_carry_their_year_and_compare_without_articles_or_accents() -> None:
    assert split_year("Psycho (1998)") == ("Psycho", 1998)
    assert split_year("Blade Runner 2049") == ("Blade Runner 2049", None)
    assert norm_title("The Amélie") == norm_title("amelie")


def test_facts_say_only_what_the_details_hold() -> None:
    details = {"kind": "movie", "id": 1, "title": "Alien", "year": 1979, "runtime": 117,
               "scores": {"rotten_tomatoes": 93.0, "rotten_tomatoes_average": 9.1,
                          "rotten_tomatoes_reviews": 208.0, "metacritic": 89.0},
               "vote_average": 9.1, "directors": [{"id": 7, "name": "Ridley Scott"}]}  # fmt: skip
    assert facts.score_parts(details) == [
        "Rotten Tomatoes 93%, critics' average 9.1/10 from 208 reviews",
        "Metacritic 89/100",
    ]
    assert facts.box_office(details) == "The catalog has no box-office figure for **Alien** (1979)."
    summary = facts.summary(details)
    assert summary.startswith("**Alien** (1979) is a film directed by **Ridley Scott**")
    assert "117 minutes" in summary and "Awards" not in summary


def test_a_match_that_differs_by_an_article_says_what_it_was_taken_as() -> None:
    found = {"results": [{"kind": "movie", "id": 7, "title": "The Arrival", "year": 1996}]}
    chosen = choose_title(found, "Arrival", None)
    assert chosen.item["id"] == 7
    assert chosen.note == "(I took “Arrival” to mean **The Arrival** (1996).)"
    assert choose_title(found, "the arrival", None).note == ""  # only case differs
