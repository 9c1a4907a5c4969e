"""The stored conversation, exactly as the backend returns it, with actions on each answer."""

from __future__ import annotations

from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.components.cards import render_titles
from movie_analyst_ui.components.outcome import FAILED, outcome_of, render_failure
from movie_analyst_ui.components.turn_actions import answer_actions, question
from movie_analyst_ui.events import parse_step
from movie_analyst_ui.evidence import label, name_ids, named_in
from movie_analyst_ui.media import Title, titles_from

AVATARS = {"user": ":material/person:", "assistant": ":material/movie:"}
MAX_ALSO = 12  # hits the answer does not name, listed in the steps


def render_history(messages: list[dict[str, Any]], *, idle: bool = True) -> None:
    """`idle`: no run is active or starting, so the last turn can be regenerated or edited."""
    media = state.run_media()
    last_question = _last_question(messages) if idle else None
    for index, message in enumerate(messages):
        role = message.get("role")
        content = str(message.get("content") or "")
        if role == "system":  # notices such as "this answer was interrupted by a restart"
            st.caption(f":material/info: {content}")
            continue
        if role != "assistant":
            with st.chat_message("user", avatar=AVATARS["user"]):
                question(message, content, editable=message is last_question)
            continue
        extras = media.get(str(message.get("run_id"))) or _stored_extras(message)
        again = None
        if last_question is not None and index == len(messages) - 1:
            again = str(last_question.get("content") or "")
        with st.chat_message("assistant", avatar=AVATARS["assistant"]):
            status, error = outcome_of(message)
            if status in FAILED:  # no thumbs or copy on a failure: nothing there to rate
                render_failure(message, status, error, retry=again)
                continue
            _answer(message, content, extras)
            answer_actions(message, content, last_question=again)


def _last_question(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    questions = [m for m in messages if m.get("role") == "user"]
    return questions[-1] if questions else None


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
