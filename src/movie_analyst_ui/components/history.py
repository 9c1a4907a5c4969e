"""The stored conversation, exactly as the backend returns it, with actions on each answer."""

from __future__ import annotations

from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.cards import render_titles
from movie_analyst_ui.components.errors import human_message
from movie_analyst_ui.events import parse_step
from movie_analyst_ui.evidence import label, name_ids, named_in
from movie_analyst_ui.media import Title, titles_from

AVATARS = {"user": ":material/person:", "assistant": ":material/movie:"}
MAX_ALSO = 12  # hits the answer does not name, listed in the steps
THUMBS = {"down": 0, "up": 1}  # st.feedback("thumbs") indexes


def render_history(messages: list[dict[str, Any]]) -> None:
    media = state.run_media()
    for message in messages:
        role = message.get("role")
        content = str(message.get("content") or "")
        if role == "system":  # notices such as "this answer was interrupted by a restart"
            st.caption(f":material/info: {content}")
            continue
        if role != "assistant":
            with st.chat_message("user", avatar=AVATARS["user"]):
                st.markdown(content)
            continue
        extras = media.get(str(message.get("run_id"))) or _stored_extras(message)
        with st.chat_message("assistant", avatar=AVATARS["assistant"]):
            _answer(message, content, extras)


def _stored_extras(message: dict[str, Any]) -> state.RunExtras | None:
    """The steps and titles of an answer seen in another tab or before a reload, from the
    steps the backend stores with it (older servers send none)."""
    raw = message.get("steps")
    if not isinstance(raw, list) or not raw:
        return None
    steps = [parse_step(s) for s in raw if isinstance(s, dict)]
    calls = [s.summary or s.tool for s in steps if s.type == "tool_call"]
    results = [s.data for s in steps if s.type != "tool_call" and s.data is not None]
    return state.RunExtras(steps=calls, titles=titles_from(results))


def _answer(message: dict[str, Any], content: str, extras: state.RunExtras | None) -> None:
    named = named_in(content, extras.titles) if extras is not None else []
    if extras is not None:
        _steps(extras, named)
    st.markdown(content)
    if message.get("stopped"):
        st.caption(":material/stop_circle: Stopped: this answer is partial.")
    render_titles(named, source=state.rating_source())
    message_id = message.get("id")
    if message_id is None:
        return
    left, right, _ = st.columns([1, 1, 6], vertical_alignment="center")
    with left:
        key = f"fb_{message_id}"
        st.feedback(
            "thumbs",
            key=key,
            default=THUMBS.get(str(message.get("feedback"))),
            on_change=_send_feedback,
            args=(message_id, key),
        )
    with right, st.popover("", icon=":material/content_copy:", help="Copy this answer"):
        st.caption("Copy with the icon at the box's top right.")
        st.code(content, language="markdown", wrap_lines=True)


def _steps(extras: state.RunExtras, named: list[Title]) -> None:
    """The tools used, naming titles rather than ids, and the hits the answer left out."""
    if not extras.steps:
        return
    plural = "s" if len(extras.steps) != 1 else ""
    with st.expander(f"Used {len(extras.steps)} tool{plural}", icon=":material/build:"):
        for summary in extras.steps:
            st.markdown(f":material/search: {name_ids(summary, extras.titles)}")
        others = [label(t) for t in extras.titles if t not in named]
        if others:
            more = f" and {len(others) - MAX_ALSO} more" if len(others) > MAX_ALSO else ""
            st.caption(f"Also found: {', '.join(others[:MAX_ALSO])}{more}.")


def _send_feedback(message_id: int, key: str) -> None:
    choice = st.session_state.get(key)
    value = None if choice is None else ("up" if choice == THUMBS["up"] else "down")
    try:
        state.api().send_feedback(message_id, value)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
    else:
        st.toast("Thanks for the feedback!" if value else "Feedback cleared")
