"""Movie Analyst's chat UI. An HTTP client of the backend only: it never imports the server code.

Run: `movie-analyst ui` (or `streamlit run src/movie_analyst_ui/app.py`) with BACKEND_URL (default
http://127.0.0.1:8000) and, when the server has one, API_AUTH_TOKEN. With AUTH_MODE=users on the
server, each person signs in with their own API key (`components/sign_in.py`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from movie_analyst_ui import runs, state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components import sidebar, sign_in
from movie_analyst_ui.components.chat_row import render_pending_dialog
from movie_analyst_ui.components.errors import show_error
from movie_analyst_ui.components.focus import restore_focus
from movie_analyst_ui.components.history import render_history
from movie_analyst_ui.components.notice import show_flash
from movie_analyst_ui.components.suggestions import render_suggestions
from movie_analyst_ui.components.theme import apply_theme
from movie_analyst_ui.formatting import rating_source

CACHE_SECONDS = 60.0
TITLE_CHARS = 48
HINT = "Ask about a film, a show, a person…"


def main() -> None:
    st.set_page_config(page_title="Movie Analyst", page_icon="🎬", layout="wide")
    apply_theme()
    saved = state.init()
    health = _cached("health", state.api().health)
    sign_in.gate(health)
    sessions = _sessions_or_stop()
    with st.sidebar:
        st.title(":material/movie: Movie Analyst")
        sign_in.render_account()
        sidebar.render_conversations(sessions)
        st.divider()
        sidebar.render_preferences(
            _cached("models", state.api().models), saved.model, saved.streaming
        )
        sidebar.render_credits(health)
    st.session_state[state.RATING_SOURCE] = rating_source(health)
    render_pending_dialog()
    known = {str(s["session_id"]): s for s in sessions}
    if state.active() and state.active() not in known:  # deleted elsewhere
        state.set_active(None)
    _chat(state.active(), known)


def _chat(session_id: str | None, known: dict[str, dict[str, Any]]) -> None:
    title = str((known.get(session_id or "") or {}).get("title") or "New chat")
    messages, status = _conversation(session_id)
    # A title made from the first question would repeat it right above: a phone hides it (see
    # theme.py), a screen reader still has the heading.
    with st.container(key="chat_title_repeats" if _repeats(title, messages) else "chat_title"):
        st.header(title)
    pending = bool(status.get("pending"))
    prompt = _next_prompt(pending=pending)
    render_history(messages, idle=not pending and prompt is None)
    show_flash()
    _chat_input(busy=pending or prompt is not None)
    restore_focus()
    if state.QUEUED in st.session_state:
        st.info(f"Queued: “{st.session_state[state.QUEUED]}”. It is sent when this answer ends.")
    if prompt is not None:
        _send(session_id, prompt, first=not messages and title == "New chat")
    elif pending and session_id:
        _follow(session_id, status.get("run_id"))
    elif not messages:
        render_suggestions()


def _repeats(title: str, messages: list[dict[str, Any]]) -> bool:
    first = next((m for m in messages if m.get("role") == "user"), None)
    asked = " ".join(str(first.get("content", "")).split()) if first else ""
    return bool(asked) and asked.startswith(title.removesuffix("…"))


def _next_prompt(*, pending: bool) -> str | None:
    """The question to send now: a fresh one, else a queued one once the session is idle."""
    prompt: str | None = st.session_state.pop(state.PENDING, None)
    if prompt is not None and pending:
        st.session_state[state.QUEUED] = prompt
        return None
    if prompt is None and not pending:
        prompt = st.session_state.pop(state.QUEUED, None)
    return prompt


def _send(session_id: str | None, prompt: str, *, first: bool) -> None:
    target = session_id or _new_session()
    if target is None:
        return
    if first:
        _title_from_question(target, prompt)
    model = st.session_state.get("model")
    runs.start(target, prompt, model, streaming=bool(st.session_state.get("streaming")))


def _follow(session_id: str, run_id: object) -> None:
    """Join the live run; poll only when it cannot be joined (or already ended on our watch)."""
    if run_id and run_id not in state.finished_runs():
        runs.join(session_id, str(run_id))
    else:
        runs.wait_until_idle(session_id)


def _chat_input(*, busy: bool) -> None:
    """Never disabled: the next question can be written while an answer runs, and is queued."""
    hint = "Ask the next question (sent when this answer ends)…" if busy else HINT
    st.chat_input(hint, key="chat_input", max_chars=4000, on_submit=_on_submit)


def _on_submit() -> None:
    text = str(st.session_state.get("chat_input") or "").strip()
    if text:
        state.queue_prompt(text)


def _conversation(session_id: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not session_id:
        return [], {}
    try:
        return state.api().messages(session_id), state.api().status(session_id)
    except ApiError as err:
        show_error(err, state.api().base_url)
        if err.status == 404:
            state.set_active(None)
        return [], {}


def _new_session() -> str | None:
    try:
        session_id = state.api().new_session()
    except ApiError as err:
        show_error(err, state.api().base_url)
        return None
    state.set_active(session_id)
    return session_id


def _title_from_question(session_id: str, question: str) -> None:
    """A new chat is named after its first question, so the sidebar tells chats apart."""
    title = question if len(question) <= TITLE_CHARS else question[: TITLE_CHARS - 1] + "…"
    with contextlib.suppress(ApiError):  # only a nicety: the chat keeps its default name
        state.api().rename_session(session_id, " ".join(title.split()))


def _sessions_or_stop() -> list[dict[str, Any]]:
    """Without the backend there is nothing to show but the reason and a way to retry."""
    try:
        return state.api().sessions()
    except ApiError as err:
        st.title(":material/movie: Movie Analyst")
        show_error(err, state.api().base_url)
        st.button("Retry", key="retry", icon=":material/refresh:")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def _cached(key: str, fetch: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Models and health change rarely: ask once a minute per tab; a failure gives {}."""
    slot = f"_cache_{key}"
    hit = st.session_state.get(slot)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        value: dict[str, Any] = hit[1]
        return value
    try:
        value = fetch()
    except ApiError:
        value = {}
    st.session_state[slot] = (time.monotonic(), value)
    return value


main()
