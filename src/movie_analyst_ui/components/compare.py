"""Named titles side by side: a bar chart per measure (true to its scale) and a table."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from movie_analyst_ui.components.compare_table import table_html
from movie_analyst_ui.evidence import unique_labels
from movie_analyst_ui.media import Title

ACCENT = "#E5A823"
MAX_BARS = 15  # more bars than this stop being readable in a small chart
LABEL_LIMIT = 180  # px of a bar's title (the tooltip has it whole): a phone keeps ~90 px of bars


def render_comparison(titles: list[Title], *, source: str) -> None:
    frame = to_frame(titles)
    measures = [m for m in measures_for(source) if frame[m[0]].notna().sum() >= 2]
    with st.expander(f"Compare these {len(titles)} titles", icon=":material/bar_chart:"):
        if measures:
            tabs = st.tabs([m[1] for m in measures])
            for tab, (column, axis, domain) in zip(tabs, measures, strict=True):
                rows = frame[frame[column].notna()].nlargest(MAX_BARS, column)
                tab.vega_lite_chart(rows, bar_spec(column, axis, domain), width="stretch")
        st.markdown(table_html(titles, source), unsafe_allow_html=True)


def measures_for(source: str) -> list[tuple[str, str, list[float] | None]]:
    """(column, axis title, fixed domain): a score axis always runs 0-10, others start at 0."""
    return [
        ("score", f"Score, {source} (0-10)", [0, 10]),
        ("runtime", "Runtime (min)", None),
        ("box_office_m", "Box office ($M)", None),
    ]


def bar_spec(column: str, axis: str, domain: list[float] | None) -> dict[str, Any]:
    scale: dict[str, Any] = {"domain": domain} if domain else {"zero": True}
    return {
        "mark": {"type": "bar", "color": ACCENT},
        "height": {"step": 26},  # a band per bar, tall enough that no title label is dropped
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": "-x",
                "title": None,
                "axis": {"labelLimit": LABEL_LIMIT, "labelOverlap": False},
            },
            "x": {
                "field": column,
                "type": "quantitative",
                "title": axis,
                "scale": scale,
                # The last tick ("10") and the title stay inside the chart: centred under a
                # phone's narrow plot, they ran past its right edge and were clipped.
                "axis": {"labelFlush": True, "titleAnchor": "end"},
            },
            "tooltip": [
                {"field": "label", "type": "nominal", "title": "Title"},
                {"field": column, "type": "quantitative", "title": axis, "format": ",.1f"},
            ],
        },
    }


def to_frame(titles: list[Title]) -> pd.DataFrame:
    """One row per title; `label` (title and year, made unique) keys the charts."""
    labels = unique_labels(titles)
    rows = [
        {
            "label": labels[i],
            "title": t.title,
            "year": t.year,
            "score": t.score,
            "runtime": t.runtime,
            "box_office_m": None if t.revenue is None else t.revenue / 1e6,
        }
        for i, t in enumerate(titles)
    ]
    columns = ["label", "title", "year", "score", "runtime", "box_office_m"]
    return pd.DataFrame(rows, columns=columns)
