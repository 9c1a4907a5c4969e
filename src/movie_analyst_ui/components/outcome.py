"""How an answer ended, told once in its own bubble: a failure says what to do and offers Retry.

The API marks every answer that did not finish `stopped`; only the run says why (the person's
Stop, a failure, a server restart). Ended runs never change, so each is asked about once a tab.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import run_failure_message

FAILED = frozenset({"failed", "interrupted"})
# The notice the server appends to a failed answer; the bubble says it in plainer words.
_NOTICE = re.compile(r"\s*\(Sorry, I could not finish this answer: .*\)\s*$", re.DOTALL)
_INTERRUPTED = re.compile(r"^\(The server stopped before this answer was finished.*\)$")
RESTARTED = "The server restarted during this answer, so it was cut short. Try again."


def outcome_of(message: dict[str, Any]) -> tuple[str, str | None]:
    """(status, error) of the run that wrote `message`: `succeeded` unless it is `stopped`."""
    if not message.get("stopped"):
        return "succeeded", None
    run_id = str(message.get("run_id") or "")
    known = state.run_outcomes().get(run_id)
    if known is not None:
        return known
    if not run_id:
        return "cancelled", None
    try:
        run = state.api().run(run_id)
    except ApiError:
        return "cancelled", None  # not cached: asked again on the next rerun
    ended = (str(run.get("status") or "cancelled"), run.get("error"))
    state.run_outcomes()[run_id] = ended
    return ended


def render_failure(
    message: dict[str, Any], status: str, error: str | None, *, retry: str | None
) -> None:
    """The partial answer (if any), one human message, and Retry on the last turn."""
    content = str(message.get("content") or "")
    partial = _NOTICE.sub("", content).strip()
    if partial and not _INTERRUPTED.match(partial):
        st.markdown(partial)
    if status == "interrupted":
        st.warning(RESTARTED, icon=":material/restart_alt:")
    else:
        st.error(run_failure_message(error or "unknown error"), icon=":material/error:")
    if retry is not None:
        st.button(
            "Retry",
            key=f"retry_{message.get('id')}",
            icon=":material/refresh:",
            help="Ask this question again",
            on_click=state.queue_prompt,
            args=(retry,),
        )
