"""Search results in the sidebar (the API's /search over titles and messages): one row a chat."""

from __future__ import annotations

from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import human_message

SNIPPET_CHARS = 90


def render_search(query: str) -> None:
    try:
        hits = state.api().search(query)
    except ApiError as err:
        st.caption(human_message(err, state.api().base_url))
        return
    chats = _one_per_chat(hits)
    if not chats:
        st.caption(f"No conversation mentions “{query}”.")
        return
    plural = "" if len(chats) == 1 else "s"
    st.caption(f"{len(chats)} conversation{plural} found")
    active = state.active()
    for hit in chats:
        sid = str(hit["session_id"])
        st.button(
            str(hit.get("title") or "New chat"),
            key=f"found_{sid}",
            type="primary" if sid == active else "secondary",
            on_click=state.set_active,
            args=(sid,),
            width="stretch",
        )
        snippet = _snippet(hit)
        if snippet and snippet != hit.get("title"):
            st.caption(snippet)


def _one_per_chat(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first hit of each chat, a message's words rather than its title where there are."""
    seen: dict[str, dict[str, Any]] = {}
    for hit in hits:
        sid = str(hit.get("session_id") or "")
        if sid and (sid not in seen or seen[sid].get("message_id") is None):
            seen[sid] = hit if hit.get("message_id") is not None or sid not in seen else seen[sid]
    return list(seen.values())


def _snippet(hit: dict[str, Any]) -> str:
    text = " ".join(str(hit.get("snippet") or "").split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"
