"""Who uses this tab: the key prompt (AUTH_MODE=users), the signed-in name and Sign out.

The key lives only in this tab's session state, inside its API client: never in the settings
file, the URL or a log. With AUTH_MODE=proxy the team's proxy signed the person in already, so
only the name is shown; with none or token there is nobody to name.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import human_message

KEY_FIELD = "api_key_field"
WRONG_KEY = (
    "That key was not accepted. Check it, or ask an admin for a new one "
    "(`movie-analyst users rotate-key NAME`)."
)


def gate(health: dict[str, Any]) -> None:
    """Call first. In users mode, a tab nobody signed in to shows the key prompt and stops."""
    mode = health.get("auth_mode")
    if mode:
        st.session_state[state.AUTH_MODE] = mode
    if state.uses_keys() and state.signed_in() is None:
        _prompt()
        st.stop()
    if mode == "proxy" and state.USER not in st.session_state:
        st.session_state[state.USER] = _who()


def render_account() -> None:
    """The signed-in name in the sidebar, and (users mode) Sign out."""
    user = state.signed_in()
    if user is None:
        return
    st.caption(f":material/person: Signed in as **{user.get('name')}**")
    if state.uses_keys():
        st.button("Sign out", key="sign_out", icon=":material/logout:", on_click=state.sign_out)


def _who() -> dict[str, Any] | None:
    try:
        user = state.api().me().get("user")
    except ApiError:
        return None  # the name is a nicety; the chats still load (or explain themselves)
    return user if isinstance(user, dict) else None


def _prompt() -> None:
    st.title(":material/movie: Movie Analyst")
    reason = state.take_flash()
    if reason is not None:
        st.warning(reason[1], icon=":material/key:")
    with st.form("sign_in", clear_on_submit=True, enter_to_submit=True):
        key = st.text_input(
            "Your API key",
            key=KEY_FIELD,
            type="password",
            placeholder="ma_…",
            help="An admin makes one with `movie-analyst users add NAME`.",
        )
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if submitted and key.strip():
        _try(key.strip())


def _try(key: str) -> None:
    client = state.api().with_key(key)
    try:
        me = client.me()
    except ApiError as err:
        message = WRONG_KEY if err.status == 401 else human_message(err, client.base_url)
        st.error(message, icon=":material/error:")
        return
    user = me.get("user")
    if not isinstance(user, dict):
        st.error("This server did not say who the key belongs to.", icon=":material/error:")
        return
    state.sign_in(client, user)
    st.rerun()
