"""The one-off message after a rerun ("Stopped.", a failed send), shown by the chat box where
the person is looking, not at the top of a long page; a failed send offers Retry."""

from __future__ import annotations

import streamlit as st

from movie_analyst_ui import state

RETRY = "retry_prompt"  # the question whose send failed, offered again with the message


def show_flash() -> None:
    message = state.take_flash()
    retry = st.session_state.pop(RETRY, None)
    if message is None:
        return
    kind, text = message
    {"error": st.error, "warning": st.warning}.get(kind, st.info)(text)
    if kind == "error" and retry:
        st.button(
            "Retry",
            key="retry_send",
            icon=":material/refresh:",
            help=f"Send “{retry}” again",
            on_click=state.queue_prompt,
            args=(retry,),
        )
