"""One conversation in the sidebar: open it, rename it in place, delete it after a confirmation."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.chat_archive import ask_export, render_pending_export
from movie_analyst_ui.components.errors import human_message
from movie_analyst_ui.components.focus import want_focus

RENAMING = "renaming_session"  # the chat whose row is a title field right now
DELETING = "deleting_session"  # (session_id, title, message count) awaiting a confirmation
ACTIONS = {
    "rename": ":material/edit: Rename",
    "export": ":material/download: Export…",
    "delete": ":material/delete: Delete…",
}


def render_row(session: dict[str, Any], active: str | None, *, stamp: str = "") -> None:
    """`stamp` (a time or date) tells apart chats that share a title."""
    sid = str(session["session_id"])
    title = str(session.get("title") or "New chat")
    count = int(session.get("message_count") or 0)
    if st.session_state.get(RENAMING) == sid:
        _rename_form(sid, title)
        return
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.button(
        (f"{stamp} · " if stamp else "") + f"{title} · {count}",  # a long title is cut at its end
        key=f"open_{sid}",
        help=f"{count} messages",
        type="primary" if sid == active else "secondary",
        on_click=state.set_active,
        args=(sid,),
        width="stretch",
    )
    right.menu_button(
        f"Chat options: {plain_markdown(title)}",
        list(ACTIONS),
        key=f"menu_{sid}",
        icon=":material/more_vert:",
        help="Chat options",
        on_click=_act,
        args=(f"menu_{sid}", sid, title, count),
        format_func=lambda action: ACTIONS[action],
    )


def _act(key: str, sid: str, title: str, count: int) -> None:
    action = st.session_state.get(key)
    if action == "rename":
        _start(sid)
    elif action == "export":
        ask_export(sid, title)
    elif action == "delete":
        _ask_delete(sid, title, count)


def _rename_form(sid: str, title: str) -> None:
    """Enter (or Save) keeps the new title; Cancel keeps the old one."""
    key = f"rename_{sid}"
    with st.form(key=f"rename_form_{sid}", border=False, enter_to_submit=True):
        st.text_input("Chat title", value=title, key=key, max_chars=200)
        save, cancel = st.columns(2)
        save.form_submit_button(
            "Save", key=f"save_{key}", on_click=_rename, args=(sid, key), type="primary"
        )
        cancel.form_submit_button("Cancel", key=f"cancel_{key}", on_click=_stop)


def _start(sid: str) -> None:
    st.session_state[RENAMING] = sid
    st.session_state.pop(f"rename_{sid}", None)  # start from the current title
    want_focus(f".st-key-rename_{sid} input")


def _stop() -> None:
    st.session_state.pop(RENAMING, None)


def _rename(session_id: str, key: str) -> None:
    title = str(st.session_state.get(key) or "").strip()
    if not title:
        state.flash("warning", "A title can't be empty.")
        return
    _stop()
    try:
        state.api().rename_session(session_id, title)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
    else:
        st.toast(f"Renamed to “{title}”")


def _ask_delete(session_id: str, title: str, count: int) -> None:
    st.session_state[DELETING] = (session_id, title, count)


def render_pending_dialog() -> None:
    """The dialog a menu asked for (a dialog cannot open from a callback); one at a time."""
    pending = st.session_state.get(DELETING)
    if pending:
        _confirm_delete(*pending)
    else:
        render_pending_export()


def _cancel_delete() -> None:
    st.session_state.pop(DELETING, None)


@st.dialog("Delete this conversation?", on_dismiss=_cancel_delete)
def _confirm_delete(session_id: str, title: str, count: int) -> None:
    plural = "" if count == 1 else "s"
    st.markdown(f"“{plain_markdown(title)}” and its {count} message{plural} will be deleted.")
    st.caption("This cannot be undone. Export the chat first to keep a copy.")
    delete, cancel = st.columns(2)
    if delete.button("Delete", key="confirm_delete", type="primary", icon=":material/delete:"):
        _cancel_delete()
        _delete(session_id)
        st.rerun()
    if cancel.button("Cancel", key="cancel_delete"):
        _cancel_delete()
        st.rerun()


def _delete(session_id: str) -> None:
    try:
        state.api().delete_session(session_id)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
        return
    if state.active() == session_id:
        state.set_active(None)
    st.toast("Chat deleted")


def plain_markdown(text: str) -> str:
    """A user's text shown as is: Markdown's special characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)
