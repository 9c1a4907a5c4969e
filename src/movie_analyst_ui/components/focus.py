"""Keyboard users stay in the chat box: after an answer (or opening a chat) focus goes back to it.

Streamlit rebuilds the page on every rerun and focus falls to the page body, which cost 33 Tabs
back to the input after one answer. A small script puts it back, unless the person is typing in
another field (a title being renamed, the search box).
"""

from __future__ import annotations

import streamlit as st

FOCUS = "focus_input"  # session_state: the CSS selector of the field to focus on this run
CHAT_BOX = '[data-testid="stChatInputTextArea"]'
SCRIPT = """<script>/* %d */
(() => {
  let tries = 0;
  // On a phone the sidebar covers the chat: close it after an action (New chat, open, answer).
  const bar = document.querySelector('[data-testid="stSidebar"]');
  if (window.innerWidth < 768 && bar && bar.dataset.collapsed === 'false') {
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) close.click();
  }
  const focus = () => {
    const box = document.querySelector('%s');
    const now = document.activeElement;
    const typing = %s && now && now !== box
      && now.matches('input, textarea, select, [contenteditable]');
    if (typing) return;
    if (box && !box.disabled) { box.focus(); return; }
    if (tries++ < 60) setTimeout(focus, 50);
  };
  focus();
})();
</script>"""


def want_focus(selector: str = CHAT_BOX) -> None:
    st.session_state[FOCUS] = selector


def restore_focus() -> None:
    """Emits the script once per request; the counter makes each one new to the browser."""
    selector = st.session_state.pop(FOCUS, None)
    if selector:
        st.session_state["_focus_serial"] = serial = st.session_state.get("_focus_serial", 0) + 1
        # The chat box yields to a field being typed in; a field just asked for (rename) does not.
        polite = "true" if selector == CHAT_BOX else "false"
        st.html(SCRIPT % (serial, selector, polite), unsafe_allow_javascript=True)
