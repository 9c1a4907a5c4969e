"""Failures told as a person would want to hear them: what happened, and what to do next."""

from __future__ import annotations

import re

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError

BY_CODE = {
    "unreachable": "Can't reach the Movie Analyst server at {url}. Start it (`make run`) "
    "and press Retry; your conversations are safe in its database.",
    "timeout": "The server is taking too long to respond. Wait a moment and try again.",
    "http_401": "The server wants an access token. Set API_AUTH_TOKEN for the UI to the "
    "server's value and restart the UI.",
    "unauthorized": "The server wants an access token. Set API_AUTH_TOKEN for the UI to the "
    "server's value and restart the UI.",
    "usage_limit_reached": "You have reached a usage limit on this server: {detail}. "
    "Your question was not sent.",
    "http_403": "The server refused the access token. Check that API_AUTH_TOKEN matches.",
    "not_found": "That conversation no longer exists. Pick another one or start a new chat.",
    "http_404": "That conversation no longer exists. Pick another one or start a new chat.",
    "session_busy": "This chat is still answering an earlier question. Wait for it, or press Stop.",
    "http_413": "That message is too long for the server. Shorten it and send again.",
    "invalid_request": "The server couldn't accept that: {detail}",
    "upstream_auth": "The language model service rejected our API key (or credits ran out). "
    "Check CONCENTRATE_API_KEY / OPENAI_API_KEY on the server, or pick the offline model.",
    "upstream_rate_limited": "The model provider is rate-limiting us. Wait {wait} and try again.",
    "upstream_timeout": "The model took too long to answer. Try again, ask something narrower, "
    "or pick a faster model.",
    "upstream_unavailable": "The {upstream} service is down or overloaded right now. Try again in "
    "a minute, or pick another model.",
    "upstream_bad_response": "The {upstream} service sent an answer we couldn't read. Try again.",
    "upstream_error": "The {upstream} service failed. Try again in a minute.",
    "live_data_unavailable": "{detail} (the offline catalog has no live data; set TMDB_API_KEY "
    "on the server for it).",
    "storage_unavailable": "The server's database is unavailable (disk full or locked). "
    "Check the server, then try again.",
    "bad_stream": "The answer stream broke off. The answer may still finish; reopen the chat.",
}
KEY_REFUSED = (
    "The server no longer accepts your API key (it may have been rotated or removed). "
    "Enter your current key to go on."
)
UNAVAILABLE = (
    "The model service is unavailable right now. Try again in a minute, or pick another model."
)
SERVER_FAULT = (
    "Something went wrong on the server. Try again; if it keeps happening, check the server log."
)


def human_message(err: ApiError, backend_url: str = "") -> str:
    template = BY_CODE.get(err.code)
    if template is None:
        template = SERVER_FAULT if (err.status or 0) >= 500 else "Request failed: {detail}"
    retry_after = err.body.get("retry_after")
    wait = f"{int(retry_after)} s" if isinstance(retry_after, int | float) else "a minute"
    upstream = str(err.body.get("upstream") or "model")
    return template.format(url=backend_url, detail=err.detail, wait=wait, upstream=upstream)


def run_failure_message(error: str) -> str:
    """A failed run reports its error as text in the stream's last event; guess its kind."""
    lowered = error.lower()
    if "rate" in lowered and "limit" in lowered:
        return BY_CODE["upstream_rate_limited"].format(wait="a minute")
    if "timeout" in lowered or "timed out" in lowered:
        return BY_CODE["upstream_timeout"]
    if any(word in lowered for word in ("401", "403", "api key", "unauthor", "credential")):
        return BY_CODE["upstream_auth"]
    if re.search(r"http 5\d\d|could not be reached|mid-answer|errored at its provider", lowered):
        return UNAVAILABLE
    return f"The answer failed: {error}. Try again, or pick another model."


def show_error(err: ApiError, backend_url: str = "") -> None:
    if err.status == 401 and state.uses_keys():  # back to the key prompt, saying why
        state.sign_out(KEY_REFUSED)
        st.rerun()
    st.error(human_message(err, backend_url), icon=":material/error:")
