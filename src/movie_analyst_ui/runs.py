"""Starting, joining, stopping and waiting for agent runs: the live part of the chat.

A run lives on the server. The page only watches it: leaving the page or switching chats never
stops it, and coming back joins its event stream again (replayed from the start).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiClient, ApiError
from movie_analyst_ui.components.errors import human_message
from movie_analyst_ui.components.focus import want_focus
from movie_analyst_ui.components.live import LiveResult, LiveView, consume
from movie_analyst_ui.components.notice import RETRY
from movie_analyst_ui.events import Done, RunEvent
from movie_analyst_ui.media import titles_from
from movie_analyst_ui.run_feed import RunFeed

DEFAULT_TIMEOUT_SECONDS = 90.0
MAX_RECONNECTS = 2
POLL_EVERY_SECONDS = 2.0
STOPPED = "Stopped. The partial answer is kept."


def run_timeout() -> float:
    """UI_RUN_TIMEOUT_SECONDS: how long the page waits for an answer before it cancels the run."""
    try:
        value = float(os.environ.get("UI_RUN_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_TIMEOUT_SECONDS


def start(session_id: str, prompt: str, model: str | None, *, streaming: bool) -> None:
    with st.chat_message("user", avatar=":material/person:"):
        st.markdown(prompt)
    api, timeout = state.api(), run_timeout()
    if streaming:
        feed = RunFeed(lambda: api.stream_chat(session_id, prompt, model))
    else:
        feed = RunFeed(lambda: _answer_once(api, session_id, prompt, model, timeout))
    _watch(session_id, feed, run_id=None, prompt=prompt)


def join(session_id: str, run_id: str) -> None:
    api = state.api()
    _watch(session_id, RunFeed(lambda: api.join_run(run_id)), run_id=run_id, prompt=None)


def stop(session_id: str) -> None:
    """Stop button callback: the server cancels the run and keeps what was written so far."""
    try:
        state.api().cancel_session(session_id)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
    else:
        state.flash("info", STOPPED)


@st.fragment(run_every=POLL_EVERY_SECONDS)
def wait_until_idle(session_id: str) -> None:
    """The fallback when the run's stream cannot be joined: check its status every 2 s."""
    try:
        pending = bool(state.api().status(session_id).get("pending"))
    except ApiError:
        st.caption("Waiting for the server…")
        return
    if not pending:
        st.rerun()
    st.caption(
        ":material/hourglass_top: Still answering… the answer appears here when it is ready."
    )
    st.button(
        "Stop", key="stop_poll", icon=":material/stop_circle:", on_click=stop, args=(session_id,)
    )


def _answer_once(
    api: ApiClient, session_id: str, prompt: str, model: str | None, timeout: float
) -> Iterator[RunEvent]:
    # The HTTP timeout outlives the page's own deadline, which cancels the run first.
    reply = api.chat(session_id, prompt, model, timeout=timeout + 15)
    yield Done(
        status=str(reply.get("status") or "succeeded"),
        run_id=reply.get("run_id"),
        content=str(reply.get("content") or ""),
    )


def _watch(session_id: str, feed: RunFeed, *, run_id: str | None, prompt: str | None) -> None:
    deadline = time.monotonic() + run_timeout()
    tool_results: list[object] = []
    steps: list[str] = []
    last_id: str | None = None
    with st.chat_message("assistant", avatar=":material/movie:"):
        view = LiveView()
        st.button(
            "Stop", key="stop_run", icon=":material/stop_circle:", on_click=stop, args=(session_id,)
        )
        for attempt in range(MAX_RECONNECTS + 1):
            try:
                result = consume(feed, view, deadline=deadline)
            finally:
                feed.close()
            tool_results += result.tool_results
            steps += result.steps
            last_id = result.last_event_id or last_id
            if result.outcome != "ended" or attempt == MAX_RECONNECTS:
                break
            run_id = run_id or _current_run(session_id)
            if run_id is None:
                break
            feed = _rejoin(run_id, last_id)
    extras = state.RunExtras(steps=steps, titles=titles_from(tool_results))
    _settle(session_id, result, run_id, extras, prompt)


def _rejoin(run_id: str, last_id: str | None) -> RunFeed:
    api = state.api()
    return RunFeed(lambda: api.join_run(run_id, last_id))


def _current_run(session_id: str) -> str | None:
    try:
        status = state.api().status(session_id)
    except ApiError:
        return None
    return str(status["run_id"]) if status.get("pending") and status.get("run_id") else None


def _settle(
    session_id: str,
    result: LiveResult,
    run_id: str | None,
    extras: state.RunExtras,
    prompt: str | None,
) -> None:
    """Remembers what the run showed, explains how it ended, then reloads from the database."""
    want_focus()
    if result.done is not None:
        run_id = result.done.run_id or run_id
        _explain_end(result.done, run_id)
    elif result.outcome == "timed_out":
        _cancel_after_timeout(session_id)
    elif result.error is not None and result.error.code == "session_busy" and prompt:
        st.session_state[state.QUEUED] = prompt
        state.flash("info", "Your message is queued: it is sent when the current answer ends.")
        run_id = None  # the busy run is joined on the rerun
    elif result.error is not None:
        state.flash("error", human_message(result.error, state.api().base_url))
        if prompt and result.error.code != "bad_stream":  # a broken stream may still finish
            st.session_state[RETRY] = prompt
    if run_id:
        state.finished_runs().add(run_id)
        if extras.steps or extras.titles:
            state.run_media()[run_id] = extras
    st.rerun()


def _explain_end(done: Done, run_id: str | None) -> None:
    """Failures are told in the answer's own bubble (with Retry); a Stop is confirmed here."""
    if run_id:
        state.run_outcomes()[run_id] = (done.status, done.error)
    if done.status == "cancelled" and state.FLASH not in st.session_state:
        state.flash("info", STOPPED)


def _cancel_after_timeout(session_id: str) -> None:
    seconds = f"{run_timeout():g}"
    try:
        state.api().cancel_session(session_id)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
        return
    state.flash(
        "warning",
        f"No answer after {seconds} s, so it was stopped. Try a narrower "
        "question or another model.",
    )
