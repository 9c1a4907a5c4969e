"""Conversations, model choice, streaming toggle and data credits, in the sidebar."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.chat_dates import group_by_date, recent_first, short_time, zone
from movie_analyst_ui.components.chat_archive import render_import
from movie_analyst_ui.components.chat_row import render_row
from movie_analyst_ui.components.chat_search import render_search
from movie_analyst_ui.components.errors import human_message

TMDB_CREDIT = "This product uses the TMDB API but is not endorsed or certified by TMDB."
TVMAZE_CREDIT = "TV schedules from TVmaze (tvmaze.com), CC BY-SA."
OFFLINE_CREDIT = "Film data: Wikidata contributors (CC0), via bokeh-sampledata."
SHOWN_CHATS = 30
SHOW_ALL = "show_all_chats"
SEARCH = "chat_search"


def render_conversations(sessions: list[dict[str, Any]]) -> None:
    st.button(
        "New chat", key="new_chat", icon=":material/add:", on_click=_new_chat, width="stretch"
    )
    if not sessions:
        st.caption("No conversations yet.")
        render_import()
        return
    query = st.text_input(
        "Search conversations",
        key=SEARCH,
        type="search",
        icon=":material/search:",
        placeholder="Search conversations",
        label_visibility="collapsed",
        max_chars=200,
    )
    if query and query.strip():
        render_search(query.strip())
        return
    active = state.active()
    ordered = recent_first(sessions)
    visible = _visible(ordered, active)
    now, tz = datetime.now(UTC), zone(st.context.timezone)
    titles = [str(s.get("title") or "New chat") for s in visible]
    for heading, chats in group_by_date(visible, now, tz):
        st.caption(heading)
        for session in chats:
            twin = titles.count(str(session.get("title") or "New chat")) > 1
            render_row(session, active, stamp=short_time(session, now, tz) if twin else "")
    if len(visible) < len(sessions):
        st.button(
            f"Show all {len(sessions)} chats",
            key=f"{SHOW_ALL}_button",
            type="tertiary",
            on_click=_show_all,
        )
    render_import()


def _visible(sessions: list[dict[str, Any]], active: str | None) -> list[dict[str, Any]]:
    """The newest chats (and the open one); every row costs widgets on each rerun."""
    if len(sessions) <= SHOWN_CHATS or st.session_state.get(SHOW_ALL):
        return sessions
    shown = sessions[:SHOWN_CHATS]
    shown += [s for s in sessions[SHOWN_CHATS:] if s.get("session_id") == active]
    return shown


def _show_all() -> None:
    st.session_state[SHOW_ALL] = True


def _new_chat() -> None:
    try:
        state.set_active(state.api().new_session())
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))


def render_preferences(models: dict[str, Any], saved_model: str | None, streaming: bool) -> None:
    options = [str(m["id"]) for m in models.get("models", []) if m.get("id")]
    # The name alone fits the sidebar ("… (offline)" was cut off); the provider goes below it.
    names = {str(m["id"]): str(m.get("name") or m["id"]) for m in models.get("models", [])}
    providers = {str(m["id"]): str(m.get("provider") or "") for m in models.get("models", [])}
    if options:
        default = saved_model if saved_model in options else models.get("default")
        chosen = st.selectbox(
            "Model",
            options,
            index=options.index(default) if default in options else 0,
            format_func=lambda mid: names.get(str(mid), str(mid)),
            key="model",
            on_change=_save_model,
        )
        if providers.get(str(chosen)):
            st.caption(f"Provider: {providers[str(chosen)]}")
    else:
        st.caption("Model list unavailable: the server's default model answers.")
    st.toggle(
        "Stream answers",
        value=streaming,
        key="streaming",
        on_change=_save_streaming,
    )


def _save_model() -> None:
    state.store().update(model=st.session_state["model"])


def _save_streaming() -> None:
    state.store().update(streaming=st.session_state["streaming"])


def render_credits(health: dict[str, Any]) -> None:
    components = health.get("components")
    catalog = components.get("catalog") if isinstance(components, dict) else None
    name = str(catalog.get("name") or "") if isinstance(catalog, dict) else ""
    notice = str(catalog.get("attribution") or "") if isinstance(catalog, dict) else ""
    st.divider()
    if notice:  # the server's own words for the catalog it serves
        st.caption(notice)
    elif "tmdb" in name.lower():
        st.caption(TMDB_CREDIT)
        st.caption(TVMAZE_CREDIT)
    else:
        st.caption(OFFLINE_CREDIT)
