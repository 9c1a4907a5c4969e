"""A run rendered as it happens: tool steps in a status box, the answer token by token."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.events import Done, Step, Token
from movie_analyst_ui.evidence import name_ids
from movie_analyst_ui.media import Title, titles_from
from movie_analyst_ui.run_feed import Ended, RunFeed

CURSOR = "▌"
POLL_SECONDS = 0.25


@dataclass
class LiveResult:
    """How the watch ended: a `done` event, a timeout, a broken stream, or an API error."""

    outcome: str  # "done" | "timed_out" | "ended" | "error"
    done: Done | None = None
    error: ApiError | None = None
    last_event_id: str | None = None
    tool_results: list[Any] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


class LiveView:
    """The placeholders of one assistant bubble, filled in place as events arrive."""

    def __init__(self) -> None:
        self._steps_area = st.container()
        self._answer = st.empty()
        self._footer = st.empty()
        self._status: Any = None
        self._tools = 0
        self._ticking = False
        self._titles: list[Title] = []  # seen so far, so a later step names them, not their ids
        self.text = ""

    def token(self, event: Token) -> None:
        if self._ticking:  # words are arriving: the idle clock would only distract
            self._footer.empty()
            self._ticking = False
        self.text += event.text
        self._answer.markdown(self.text + CURSOR)

    def step(self, event: Step) -> None:
        summary = name_ids(event.summary, self._titles)
        if self._status is None:
            with self._steps_area:
                self._status = st.status(summary or "Working…", expanded=True)
        if event.type == "tool_call":
            self._tools += 1
            self._status.update(label=summary or f"Using {event.tool}…")
            self._status.markdown(f":material/search: {summary or event.tool}")
        else:
            self._status.markdown(f":material/check: {summary or event.tool}")
            if event.data is not None:
                self._titles += titles_from([event.data])

    def tick(self, seconds: int) -> None:
        label = "Thinking…" if not self.text else "Writing…"
        self._footer.caption(f"{label} {seconds} s")
        self._ticking = True

    def finish(self, done: Done | None) -> None:
        if done is not None and not self.text:
            self.text = done.content
        self._answer.markdown(self.text or " ")
        self._footer.empty()
        if self._status is not None:
            plural = "s" if self._tools != 1 else ""
            state = "error" if done and done.status == "failed" else "complete"
            self._status.update(
                label=f"Used {self._tools} tool{plural}", state=state, expanded=False
            )


def consume(feed: RunFeed, view: LiveView, *, deadline: float) -> LiveResult:
    """Feeds events into the view until the run ends or `deadline` (monotonic) passes."""
    result = LiveResult(outcome="ended")
    start, shown = time.monotonic(), -1
    last_item = start
    while True:
        item = feed.next(POLL_SECONDS)
        if item is not None:
            last_item = time.monotonic()
        else:
            # Reading session state is a Streamlit checkpoint: a Stop click interrupts here.
            st.session_state.get("active_session")
            now = time.monotonic()
            if now > deadline:
                result.outcome = "timed_out"
                break
            if int(now - start) != shown and now - last_item > 1:
                shown = int(now - start)
                view.tick(shown)
            continue
        if isinstance(item, Token):
            view.token(item)
            result.last_event_id = item.event_id or result.last_event_id
        elif isinstance(item, Step):
            view.step(item)
            result.last_event_id = item.event_id or result.last_event_id
            if item.type == "tool_call":
                result.steps.append(item.summary or item.tool)
            elif item.data is not None:
                result.tool_results.append(item.data)
        elif isinstance(item, Done):
            view.finish(item)
            result.outcome, result.done = "done", item
            return result
        elif isinstance(item, ApiError):
            result.outcome, result.error = "error", item
            break
        elif isinstance(item, Ended):
            break
    view.finish(None)
    return result
