"""The comparison table: plain HTML whose cells wrap, so every column fits a 390 px phone.

Streamlit's data grid sizes its columns to their text and scrolls sideways past its width: on a
phone the score column sat beyond the edge. The rows keep the answer's order (the chart beside
it ranks them); a column nobody has a value for is left out, an unknown cell reads "—".
"""

from __future__ import annotations

import html
from collections.abc import Callable

from movie_analyst_ui.evidence import unique_labels
from movie_analyst_ui.formatting import MISSING, minutes, money
from movie_analyst_ui.media import Title

Cell = Callable[[Title], str | None]


def columns(source: str) -> list[tuple[str, Cell]]:
    return [
        (f"Score ({source}, /10)", lambda t: None if t.score is None else f"{t.score:.1f}"),
        ("Runtime", lambda t: minutes(t.runtime) if t.runtime else None),
        ("Box office", lambda t: None if t.revenue is None else money(t.revenue)),
    ]


def table_html(titles: list[Title], source: str) -> str:
    """One line of HTML (Markdown would read blank lines as paragraphs)."""
    shown = [(name, cell) for name, cell in columns(source) if any(cell(t) for t in titles)]
    head = "".join(f"<th scope='col'>{html.escape(name)}</th>" for name, _ in shown)
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(label)}</th>"
        + "".join(f"<td>{html.escape(cell(t) or MISSING)}</td>" for _, cell in shown)
        + "</tr>"
        for label, t in zip(unique_labels(titles), titles, strict=True)
    )
    caption = "<caption>In the order the answer names them</caption>"
    return (
        f"<table class='ma-compare'>{caption}<thead><tr><th scope='col'>Title</th>{head}</tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )
