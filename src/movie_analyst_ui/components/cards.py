"""Titles from tool results as poster cards, a small comparison chart and a sortable table."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from movie_analyst_ui.media import Title

CARDS_PER_ROW = 4
MAX_CARDS = 8
MAX_BARS = 15  # more bars than this stop being readable in a small chart
METRICS = (("score", "Score (0-10)"), ("runtime", "Runtime (min)"), ("revenue", "Box office ($)"))


def render_titles(titles: list[Title]) -> None:
    if not titles:
        return
    _cards(titles[:MAX_CARDS])
    if len(titles) > MAX_CARDS:
        st.caption(f"…and {len(titles) - MAX_CARDS} more in the table below.")
    if len(titles) >= 2:
        _comparison(titles)


def card_caption(title: Title) -> str:
    parts = [str(title.year) if title.year else None]
    parts.append(f"★ {title.score:.1f}" if title.score is not None else None)
    parts.append(f"{title.runtime} min" if title.runtime else None)
    return " · ".join(p for p in parts if p) or (title.kind or "")


def _cards(titles: list[Title]) -> None:
    for start in range(0, len(titles), CARDS_PER_ROW):
        row = titles[start : start + CARDS_PER_ROW]
        for column, title in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            with column.container(border=True):
                if title.poster:
                    st.image(title.poster, width="stretch")
                else:
                    st.markdown(_placeholder(title), unsafe_allow_html=True)
                st.markdown(f"**{title.title}**")
                st.caption(card_caption(title))


def _placeholder(title: Title) -> str:
    """No poster (the offline catalog has none): the title's initials on a dark card."""
    initials = "".join(word[0] for word in title.title.split()[:2] if word[:1].isalnum())
    return f"<div class='ma-poster'>{html.escape(initials.upper() or '?')}</div>"


def _comparison(titles: list[Title]) -> None:
    frame = to_frame(titles)
    charted = [(col, label) for col, label in METRICS if frame[col].notna().sum() >= 2]
    with st.expander("Compare these titles", expanded=bool(charted)):
        if charted:
            tabs = st.tabs([label for _, label in charted])
            for tab, (col, label) in zip(tabs, charted, strict=True):
                data = frame[frame[col].notna()][["title", col]].nlargest(MAX_BARS, col)
                tab.bar_chart(
                    data,
                    x="title",
                    y=col,
                    horizontal=True,
                    color="#E5A823",
                    sort=f"-{col}",
                    x_label="",
                    y_label=label,
                    height=min(60 + 28 * len(data), 360),
                )
        # Clicking a column header sorts the table.
        known = frame.dropna(axis="columns", how="all")  # no empty "Box office" column offline
        st.dataframe(known, hide_index=True, column_config=_columns())


def to_frame(titles: list[Title]) -> pd.DataFrame:
    rows = [
        {
            "title": t.title,
            "year": t.year,
            "score": t.score,
            "runtime": t.runtime,
            "revenue": t.revenue,
            "kind": t.kind,
        }
        for t in titles
    ]
    return pd.DataFrame(rows, columns=["title", "year", "score", "runtime", "revenue", "kind"])


def _columns() -> dict[str, Any]:
    return {
        "title": st.column_config.TextColumn("Title"),
        "year": st.column_config.NumberColumn("Year", format="%d"),
        "score": st.column_config.NumberColumn("Score", format="%.1f"),
        "runtime": st.column_config.NumberColumn("Runtime (min)", format="%d"),
        "revenue": st.column_config.NumberColumn("Box office ($)", format="dollar"),
        "kind": st.column_config.TextColumn("Kind"),
    }
