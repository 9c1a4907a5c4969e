"""The titles an answer names: compact poster tiles, then a comparison chart and table on demand."""

from __future__ import annotations

import html

import streamlit as st

from movie_analyst_ui.components.compare import render_comparison
from movie_analyst_ui.evidence import label
from movie_analyst_ui.formatting import rating
from movie_analyst_ui.media import Title

MAX_OPEN = 4  # one row of tiles; more than this start collapsed, so the answer stays on top


def render_titles(titles: list[Title], *, source: str) -> None:
    if not titles:
        return
    if len(titles) <= MAX_OPEN:
        st.markdown(tiles_html(titles, source), unsafe_allow_html=True)
    else:
        with st.expander(f"{len(titles)} titles in this answer", icon=":material/movie:"):
            st.markdown(tiles_html(titles, source), unsafe_allow_html=True)
    if len(titles) >= 2:
        render_comparison(titles, source=source)


def card_caption(title: Title, source: str) -> str:
    parts = [str(title.year) if title.year else None]
    parts.append(rating(title.score, source) if title.score is not None else None)
    parts.append(f"{title.runtime} min" if title.runtime else None)
    return " · ".join(p for p in parts if p) or (title.kind or "")


def tiles_html(titles: list[Title], source: str) -> str:
    """One line of HTML (Markdown would read blank lines as paragraphs) with a tile per title."""
    return (
        "<div class='ma-tiles' role='list'>" + "".join(_tile(t, source) for t in titles) + "</div>"
    )


def _tile(title: Title, source: str) -> str:
    name = html.escape(label(title), quote=True)
    if title.poster:
        picture = (
            f"<img class='ma-poster' src='{html.escape(title.poster, quote=True)}' "
            f"alt='Poster of {name}' loading='lazy'>"
        )
    else:  # no poster (the offline catalog has none): the initials, read out as the title
        initials = "".join(w[0] for w in title.title.split()[:2] if w[:1].isalnum()) or "?"
        picture = (
            f"<div class='ma-poster ma-initials' role='img' aria-label='No poster: {name}'>"
            f"<span aria-hidden='true'>{html.escape(initials.upper())}</span></div>"
        )
    caption = html.escape(card_caption(title, source))
    return (
        f"<div class='ma-tile' role='listitem'>{picture}"
        f"<div class='ma-tile-name'>{html.escape(title.title)}</div>"
        f"<div class='ma-tile-facts'>{caption}</div></div>"
    )
