"""The finishing touches the dark theme in .streamlit/config.toml cannot express."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.ma-poster {
  aspect-ratio: 2 / 3; display: flex; align-items: center; justify-content: center;
  font-family: Georgia, serif; font-size: 2.6rem; color: #E5A823; border-radius: 0.5rem;
  background: radial-gradient(circle at 50% 35%, #3a2a18 0%, #1a1520 70%);
}
[data-testid="stChatMessage"] { border-radius: 0.75rem; }
[data-testid="stSidebar"] h1 { letter-spacing: 0.04em; }
</style>
"""


def apply_theme() -> None:
    st.html(CSS)
