"""The per-browser-tab state the script keeps between reruns, and the objects it shares.

`st.session_state["api"]` holds the API client; tests put their own there before the first run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from movie_analyst_ui.api_client import ApiClient
from movie_analyst_ui.components.focus import want_focus
from movie_analyst_ui.media import Title
from movie_analyst_ui.settings_store import SettingsStore, UiSettings

API = "api"
STORE = "settings_store"
ACTIVE = "active_session"
CHAT_PARAM = "chat"  # the tab's open conversation, in its URL
PENDING = "pending_prompt"  # sent on this run, then forgotten
QUEUED = "queued_prompt"  # waits for the session's current run to finish
FLASH = "flash"  # one message shown once, after a rerun
RUN_MEDIA = "run_media"  # run_id -> RunExtras seen live, shown again under the stored answer
FINISHED = "finished_runs"  # run ids seen to end, so a stale status never loops a rejoin
OUTCOMES = "run_outcomes"  # run_id -> (status, error) of ended runs; an ended run never changes
RATING_SOURCE = "rating_source"  # whose scores the catalog serves ("critics", "TMDB users")
AUTH_MODE = "auth_mode"  # the server's AUTH_MODE, from its health answer
USER = "signed_in_user"  # {id, name, is_admin} of who this tab signed in as (users, proxy)
# Kept across a sign-out; everything else of the tab (chats, caches, widgets) is forgotten.
_KEPT = frozenset({API, STORE, AUTH_MODE})


@dataclass(frozen=True)
class RunExtras:
    """What a run showed while live that the stored message does not keep."""

    steps: list[str] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)


def api() -> ApiClient:
    if API not in st.session_state:
        st.session_state[API] = ApiClient.from_env()
    client: ApiClient = st.session_state[API]
    return client


def store() -> SettingsStore:
    if STORE not in st.session_state:
        st.session_state[STORE] = SettingsStore.from_env()
    settings_store: SettingsStore = st.session_state[STORE]
    return settings_store


def init() -> UiSettings:
    """Defaults on first run of a tab; the open chat comes from the tab's URL (`?chat=`)."""
    saved = store().load()
    if ACTIVE not in st.session_state:  # a new tab (or a reload): ready to type at once
        want_focus()
        st.session_state[ACTIVE] = st.query_params.get(CHAT_PARAM) or None
    st.session_state.setdefault(RUN_MEDIA, {})
    st.session_state.setdefault(FINISHED, set())
    st.session_state.setdefault(OUTCOMES, {})
    return saved


def active() -> str | None:
    value: str | None = st.session_state.get(ACTIVE)
    return value


def set_active(session_id: str | None) -> None:
    st.session_state[ACTIVE] = session_id
    want_focus()
    if session_id:
        st.query_params[CHAT_PARAM] = session_id
    else:
        st.query_params.pop(CHAT_PARAM, None)


def flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def take_flash() -> tuple[str, str] | None:
    value: tuple[str, str] | None = st.session_state.pop(FLASH, None)
    return value


def queue_prompt(text: str) -> None:
    st.session_state[PENDING] = text


def run_media() -> dict[str, RunExtras]:
    value: dict[str, RunExtras] = st.session_state[RUN_MEDIA]
    return value


def finished_runs() -> set[Any]:
    value: set[Any] = st.session_state[FINISHED]
    return value


def rating_source() -> str:
    return str(st.session_state.get(RATING_SOURCE) or "critics")


def run_outcomes() -> dict[str, tuple[str, str | None]]:
    value: dict[str, tuple[str, str | None]] = st.session_state[OUTCOMES]
    return value


def uses_keys() -> bool:
    """AUTH_MODE=users: each person signs in with their own API key."""
    return st.session_state.get(AUTH_MODE) == "users"


def signed_in() -> dict[str, Any] | None:
    value: dict[str, Any] | None = st.session_state.get(USER)
    return value


def sign_in(client: ApiClient, user: dict[str, Any]) -> None:
    """From now on this tab calls the API with `client` (which holds the key) as `user`."""
    st.session_state[API] = client
    st.session_state[USER] = user


def sign_out(reason: str | None = None) -> None:
    """Forget the key and everything the tab showed; `reason` is shown on the key prompt."""
    st.session_state[API] = api().with_key(None)
    for name in [k for k in st.session_state if k not in _KEPT]:
        del st.session_state[name]
    st.query_params.pop(CHAT_PARAM, None)
    if reason:
        flash("warning", reason)
