"""What a person can do with a turn: rate and copy an answer; regenerate or edit the last turn.

Regenerate and Edit & resend start a new run at the end of the conversation (the API keeps
one strictly ordered list of messages; nothing is rewritten in place).
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from movie_analyst_ui import state
from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import human_message
from movie_analyst_ui.components.focus import want_focus

THUMBS = {"down": 0, "up": 1}  # st.feedback("thumbs") indexes
EDITING = "editing_message"  # the id of the question being edited
COPY_BUTTON = (
    '<button type="button" class="ma-copy" aria-label="Copy answer" '
    'title="Copy the answer as Markdown" data-text="{text}">Copy</button>'
)
# One click handler for every Copy button, installed once per page (Streamlit strips onclick).
COPY_SCRIPT = """<script>
if (!window.maCopyReady) {
  window.maCopyReady = true;
  document.addEventListener('click', async (event) => {
    const button = event.target.closest && event.target.closest('.ma-copy');
    if (!button) return;
    const text = button.dataset.text;
    try { await navigator.clipboard.writeText(text); } catch (e) {
      const area = document.createElement('textarea'); area.value = text;
      document.body.appendChild(area); area.select(); document.execCommand('copy'); area.remove();
    }
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
}
</script>"""


def answer_actions(message: dict[str, Any], content: str, *, last_question: str | None) -> None:
    """Thumbs and Copy on every answer; Regenerate too on the last one (`last_question` set)."""
    message_id = message.get("id")
    if message_id is None:
        return
    thumbs, copy, again, _ = st.columns([2, 2, 3, 5], vertical_alignment="center")
    with thumbs:
        key = f"fb_{message_id}"
        st.feedback(
            "thumbs",
            key=key,
            default=THUMBS.get(str(message.get("feedback"))),
            on_change=_send_feedback,
            args=(message_id, key),
        )
    with copy:
        st.html(COPY_BUTTON.format(text=html.escape(content, quote=True)), width="content")
    if last_question is not None:
        again.button(
            "Regenerate",
            key=f"regenerate_{message_id}",
            icon=":material/refresh:",
            help="Ask the last question again (a new answer below)",
            type="tertiary",
            on_click=state.queue_prompt,
            args=(last_question,),
        )


def question(message: dict[str, Any], content: str, *, editable: bool) -> None:
    """A question; the last one can be edited and sent again as a new turn."""
    message_id = message.get("id")
    if editable and st.session_state.get(EDITING) == message_id:
        _edit_form(message_id, content)
        return
    st.markdown(content)
    if editable and message_id is not None:
        st.button(
            "Edit",
            key=f"edit_{message_id}",
            icon=":material/edit:",
            help="Edit this question and send it again",
            type="tertiary",
            on_click=_start_edit,
            args=(message_id,),
        )


def _edit_form(message_id: Any, content: str) -> None:
    key = f"edited_{message_id}"
    with st.form(key=f"edit_form_{message_id}", border=False):
        st.text_area("Edit your question", value=content, key=key, max_chars=4000)
        send, cancel, _ = st.columns([2, 2, 6])
        send.form_submit_button(
            "Send", key=f"send_{key}", type="primary", on_click=_resend, args=(key,)
        )
        cancel.form_submit_button("Cancel", key=f"cancel_{key}", on_click=_stop_edit)


def _start_edit(message_id: Any) -> None:
    st.session_state[EDITING] = message_id
    st.session_state.pop(f"edited_{message_id}", None)
    want_focus(f".st-key-edited_{message_id} textarea")


def _stop_edit() -> None:
    st.session_state.pop(EDITING, None)


def _resend(key: str) -> None:
    text = str(st.session_state.get(key) or "").strip()
    _stop_edit()
    if text:
        state.queue_prompt(text)


def _send_feedback(message_id: int, key: str) -> None:
    choice = st.session_state.get(key)
    value = None if choice is None else ("up" if choice == THUMBS["up"] else "down")
    try:
        state.api().send_feedback(message_id, value)
    except ApiError as err:
        state.flash("error", human_message(err, state.api().base_url))
    else:
        st.toast("Thanks for the feedback!" if value else "Feedback cleared")
