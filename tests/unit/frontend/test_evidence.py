"""Evidence follows the answer: which hits an answer names, and numbers as people read them."""

import re

import pandas as pd

from movie_analyst_ui.components.compare import bar_spec, measures_for, to_frame
from movie_analyst_ui.components.compare_table import table_html
from movie_analyst_ui.evidence import name_ids, named_in
from movie_analyst_ui.formatting import money, rating, rating_source
from movie_analyst_ui.media import Title

JAWS = Title("Jaws", kind="movie", id=578, year=1975, score=8.1)
JAWS_2 = Title("Jaws 2", kind="movie", id=579, year=1978, score=6.1)
JAWS_3D = Title("Jaws 3-D", kind="movie", id=17692, year=1983)
REVENGE = Title("Jaws: The Revenge", kind="movie", id=580, year=1987)
SOLARIS_72 = Title("Solaris", kind="movie", id=593, year=1972, score=8.0)
SOLARIS_02 = Title("Solaris", kind="movie", id=2103, year=2002, score=6.2)


def test_only_the_titles_the_answer_names_in_the_order_it_names_them():
    hits = [JAWS, JAWS_2, JAWS_3D, REVENGE]
    assert named_in("Jaws (1975) was directed by Steven Spielberg.", hits) == [JAWS]
    answer = "Jaws 2 (1978) is weaker than Jaws (1975); skip Jaws: The Revenge."
    assert named_in(answer, hits) == [JAWS_2, JAWS, REVENGE]


def test_namesakes_are_told_apart_by_the_year_the_answer_states():
    hits = [SOLARIS_02, SOLARIS_72]
    assert named_in("Tarkovsky's Solaris (1972) is the classic.", hits) == [SOLARIS_72]
    assert named_in("Both versions of Solaris, 1972 and 2002.", hits) == [SOLARIS_02, SOLARIS_72]
    assert named_in("Solaris is slow.", hits) == [SOLARIS_02]  # no year: the first hit only
    # A note about the namesakes names their years too; the answer is about the one it dated.
    note = (
        "**Solaris** (1972) runs 167 minutes.\n\nThere are 2 titles called “Solaris” in the "
        "catalog (1972, 2002); I went with the best-known, from 1972."
    )
    assert named_in(note, hits) == [SOLARIS_72]
    assert named_in("Solaris (2002) or Solaris (1972)?", hits) == [SOLARIS_02, SOLARIS_72]


def test_words_in_prose_are_not_titles():
    heat, it = Title("Heat", year=1995), Title("It", year=2017)
    assert named_in("It builds heat slowly; a tense scene.", [heat, it]) == []
    assert named_in("Heat (1995) and It (2017) both run long.", [heat, it]) == [heat, it]
    assert named_in("Try **It**, and “the godfather”.", [it, Title("The Godfather")]) == [
        it,
        Title("The Godfather"),
    ]


def test_steps_name_the_title_instead_of_its_id():
    summary = "Looking up the details of movie #578…"
    assert name_ids(summary, [JAWS]) == "Looking up the details of “Jaws” (1975)…"
    assert name_ids("Looking up person #3…", [JAWS]) == "Looking up person #3…"
    assert name_ids("details of movie #999…", [JAWS]) == "details of movie #999…"


def test_money_ratings_and_missing_values_read_as_people_say_them():
    assert money(497_170_756) == "$497.2M"
    assert money(2_187_463_944) == "$2.2B"
    assert money(850_000) == "$850.0K"
    assert money(None) == money(float("nan")) == "—"
    assert rating(9.3, "critics") == "critics 9.3/10"
    assert rating_source({"components": {"catalog": {"name": "tmdb+tvmaze"}}}) == "TMDB users"
    assert rating_source({}) == "critics"


def test_a_chart_keys_each_bar_by_title_and_year_and_its_score_axis_runs_0_to_10():
    frame = to_frame([SOLARIS_72, SOLARIS_02])
    assert list(frame["label"]) == ["Solaris (1972)", "Solaris (2002)"]  # two bars, not one
    twins = to_frame(
        [Title("Solaris", kind="movie", year=1972), Title("Solaris", kind="tv", year=1972)]
    )
    assert twins["label"].nunique() == 2
    column, axis, domain = measures_for("critics")[0]
    spec = bar_spec(column, axis, domain)
    assert spec["encoding"]["x"]["scale"] == {"domain": [0, 10]}
    assert spec["encoding"]["y"]["field"] == "label"
    assert bar_spec("runtime", "Runtime (min)", None)["encoding"]["x"]["scale"] == {"zero": True}


def test_the_table_shows_dashes_for_unknowns_and_short_money():
    frame = to_frame([Title("Titanic", year=1997, revenue=2_187_463_944), JAWS_3D])
    html = table_html([Title("Titanic", year=1997, revenue=2_187_463_944), JAWS_3D], "critics")
    assert "<td>$2.2B</td>" in html and "<td>—</td>" in html
    assert "None" not in html and "nan" not in html.lower()
    assert isinstance(frame, pd.DataFrame)


def test_the_table_names_whose_score_keeps_the_answers_order_and_drops_empty_columns():
    html = table_html([JAWS_2, JAWS, SOLARIS_72, SOLARIS_02], "TMDB users")
    heads = re.findall(r"<th scope='col'>(.*?)</th>", html)
    assert heads == ["Title", "Score (TMDB users, /10)"]  # no runtime or box office known
    rows = re.findall(r"<th scope='row'>(.*?)</th><td>(.*?)</td>", html)
    assert rows == [("Jaws 2 (1978)", "6.1"), ("Jaws (1975)", "8.1"),
                    ("Solaris (1972)", "8.0"), ("Solaris (2002)", "6.2")]  # fmt: skip
    assert "<caption>In the order the answer names them</caption>" in html
    assert "&lt;b&gt;" in table_html([Title("<b>", year=2000), JAWS], "critics")  # escaped
