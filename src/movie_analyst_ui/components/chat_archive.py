"""A chat out to a file (JSON to import again, Markdown to read) and back in from one."""

from __future__ import annotations

import json
import re
from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import human_message

EXPORTING = "exporting_session"  # (session_id, title) whose export dialog is open
UPLOADS = "import_uploads"  # bumps the uploader's key, so an imported file is not re-imported
MAX_IMPORT_MB = 5


def ask_export(session_id: str, title: str) -> None:
    st.session_state[EXPORTING] = (session_id, title)


def render_pending_export() -> None:
    pending = st.session_state.get(EXPORTING)
    if pending:
        _export(*pending)


def _close_export() -> None:
    st.session_state.pop(EXPORTING, None)


@st.dialog("Export this conversation", on_dismiss=_close_export)
def _export(session_id: str, title: str) -> None:
    try:
        as_json = state.api().export_session(session_id, "json")
        as_markdown = state.api().export_session(session_id, "markdown")
    except ApiError as err:
        st.error(human_message(err, state.api().base_url))
        return
    name = file_stem(title)
    st.caption("JSON can be imported again (here or on another server); Markdown is for reading.")
    left, right = st.columns(2)
    for column, label, data, suffix, mime in (
        (left, "JSON", as_json, "json", "application/json"),
        (right, "Markdown", as_markdown, "md", "text/markdown"),
    ):
        column.download_button(
            label,
            data,
            f"{name}.{suffix}",
            mime,
            key=f"export_{suffix}",
            icon=":material/download:",
            on_click="ignore",
        )


def file_stem(title: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-")[:60]
    return stem or "conversation"


def render_import() -> None:
    with st.expander("Import a chat", icon=":material/upload:"):
        key = f"import_file_{st.session_state.get(UPLOADS, 0)}"
        st.file_uploader(
            "A chat exported as JSON",
            type=["json"],
            key=key,
            max_upload_size=MAX_IMPORT_MB,
            on_change=_import,
            args=(key,),
        )


def _import(key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    st.session_state[UPLOADS] = int(st.session_state.get(UPLOADS, 0)) + 1
    try:
        archive: Any = json.loads(upload.getvalue())
    except ValueError:
        state.flash("error", f"“{upload.name}” is not a chat export (not JSON).")
        return
    try:
        imported = state.api().import_session(archive if isinstance(archive, dict) else {})
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
        return
    state.set_active(str(imported["session_id"]))
    st.toast(f"Imported {imported.get('imported', 0)} messages")
