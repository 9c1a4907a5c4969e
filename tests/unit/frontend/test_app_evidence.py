"""In the page: cards for the titles the answer names, the other hits kept in the steps."""

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]


def jaws_run(answer: str, hits: list[dict]) -> list[dict]:
    return [
        {"step": {"type": "tool_call", "tool": "search_media", "summary": "Searching for Jaws…"}},
        {
            "step": {
                "type": "tool_result",
                "tool": "search_media",
                "summary": "Found titles",
                "data": json.dumps({"results": hits}),
            }
        },
        {
            "step": {
                "type": "tool_call",
                "tool": "get_details",
                "summary": "Looking up the details of movie #578…",
            }
        },
        {"content": answer},
    ]


def film(title: str, year: int, fid: int, score: float | None = None) -> dict:
    return {"kind": "movie", "id": fid, "title": title, "year": year, "vote_average": score}


SEQUELS = [
    film("Jaws", 1975, 578, 8.1),
    film("Jaws 2", 1978, 579, 6.1),
    film("Jaws 3-D", 1983, 17692),
    film("Jaws: The Revenge", 1987, 580),
]


def tiles(block) -> str:
    return "".join(m.value for m in block.markdown if "ma-tiles" in m.value)


def table_rows(block) -> list[str]:
    """The comparison table's row titles, in its order."""
    html = "".join(m.value for m in block.markdown if "ma-compare" in m.value)
    return re.findall(r"<th scope='row'>(.*?)</th>", html)


def test_an_answer_about_one_film_shows_one_card_and_keeps_the_rest_in_the_steps(
    app: OpenTab, backend: FakeBackend
):
    backend.script = jaws_run("Jaws (1975) was directed by Steven Spielberg.", SEQUELS)
    at = app().chat_input[0].set_value("Who directed Jaws?").run()
    answer = at.chat_message[1]
    cards = tiles(answer)
    assert cards.count("role='listitem'") == 1 and "No poster: Jaws (1975)" in cards
    assert not table_rows(answer) and not answer.tabs  # nothing to compare one film with
    steps = [m.value for m in answer.expander[0].markdown]
    assert ":material/search: Looking up the details of “Jaws” (1975)…" in steps
    (also,) = [c.value for c in answer.expander[0].caption]
    assert also == "Also found: Jaws 2 (1978), Jaws 3-D (1983), Jaws: The Revenge (1987)."


def test_many_named_titles_start_collapsed_and_compare_on_demand(
    app: OpenTab, backend: FakeBackend
):
    films = [film(f"Film {n}", 1990 + n, n, 5 + n / 2) for n in range(1, 7)]
    answer_text = "Ranked: " + ", ".join(f"Film {n} ({1990 + n})" for n in (6, 5, 4, 3, 2, 1))
    backend.script = jaws_run(answer_text, films)
    at = app().chat_input[0].set_value("Rank them").run()
    answer = at.chat_message[1]
    titles = next(e for e in answer.expander if e.label == "6 titles in this answer")
    assert titles.proto.expanded is False
    assert tiles(titles).index("Film 6") < tiles(titles).index("Film 1")  # the answer's order
    compare = next(e for e in answer.expander if e.label == "Compare these 6 titles")
    assert compare.proto.expanded is False
    assert table_rows(compare) == [f"Film {n} ({1990 + n})" for n in (6, 5, 4, 3, 2, 1)]
