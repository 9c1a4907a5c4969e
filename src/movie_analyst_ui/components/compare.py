"""Named titles side by side: a bar chart per measure (true to its scale) and a sortable table."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from movie_analyst_ui.evidence import label
from movie_analyst_ui.formatting import MISSING, money
from movie_analyst_ui.media import Title

ACCENT = "#E5A823"
MAX_BARS = 15  # more bars than this stop being readable in a small chart


def render_comparison(titles: list[Title], *, source: str) -> None:
    frame = to_frame(titles)
    measures = [m for m in measures_for(source) if frame[m[0]].notna().sum() >= 2]
    with st.expander(f"Compare these {len(titles)} titles", icon=":material/bar_chart:"):
        if measures:
            tabs = st.tabs([m[1] for m in measures])
            for tab, (column, axis, domain) in zip(tabs, measures, strict=True):
                rows = frame[frame[column].notna()].nlargest(MAX_BARS, column)
                tab.vega_lite_chart(rows, bar_spec(column, axis, domain), width="stretch")
        # Clicking a column header sorts the table; the shown text is formatted, the sort numeric.
        shown = frame.drop(columns=["label"]).dropna(axis="columns", how="all")
        st.dataframe(styled(shown, source), hide_index=True)


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
                "axis": {"labelLimit": 260, "labelOverlap": False},
            },
            "x": {"field": column, "type": "quantitative", "title": axis, "scale": scale},
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


def unique_labels(titles: list[Title]) -> list[str]:
    """Two titles never share a bar: same name and year get their kind, then a number."""
    labels = [label(t) for t in titles]
    seen: dict[str, int] = {}
    for i, text in enumerate(labels):
        if labels.count(text) > 1:
            seen[text] = seen.get(text, 0) + 1
            labels[i] = f"{text} · {titles[i].kind or 'title'} {seen[text]}"
    return labels


def styled(frame: pd.DataFrame, source: str) -> Any:
    names = {
        "title": "Title",
        "year": "Year",
        "score": f"Score ({source}, /10)",
        "runtime": "Runtime (min)",
        "box_office_m": "Box office",
    }
    formats = {
        "year": "{:.0f}",
        "score": "{:.1f}",
        "runtime": "{:.0f}",
        "box_office_m": lambda m: money(m * 1e6),
    }
    present = {k: v for k, v in formats.items() if k in frame.columns}
    return frame.rename(columns=names).style.format(
        {names[k]: v for k, v in present.items()}, na_rep=MISSING
    )
