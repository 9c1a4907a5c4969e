"""Starter questions on an empty chat: one click sends one."""

from __future__ import annotations

import streamlit as st

from movie_analyst_ui import state

SUGGESTIONS = (
    (":material/trophy:", "Highest rated sci-fi movies of the 1970s"),
    (":material/movie_filter:", "Films by Alfred Hitchcock in the 1950s"),
    (":material/person_search:", "Who directed The Godfather?"),
    (":material/payments:", "How much did Titanic make at the box office?"),
)


def render_suggestions() -> None:
    st.markdown("### What shall we dig into tonight?")
    st.caption("Ask about films and TV: ratings, casts, comparisons, what to watch next.")
    columns = st.columns(2)
    for index, (icon, text) in enumerate(SUGGESTIONS):
        columns[index % 2].button(
            text,
            icon=icon,
            key=f"suggest_{index}",
            width="stretch",
            on_click=state.queue_prompt,
            args=(text,),
        )
