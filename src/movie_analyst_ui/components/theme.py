"""The finishing touches the themes in .streamlit/config.toml cannot express."""

from __future__ import annotations

import streamlit as st

from movie_analyst_ui.components.turn_actions import COPY_SCRIPT

CSS = """
<style>
.ma-tiles { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0.25rem 0 0.5rem; }
.ma-tile { width: 6.5rem; font-size: 0.8rem; line-height: 1.25; }
.ma-poster {
  width: 6.5rem; aspect-ratio: 2 / 3; object-fit: cover; border-radius: 0.4rem; display: flex;
  align-items: center; justify-content: center;
}
.ma-initials {
  font-family: Georgia, serif; font-size: 1.8rem; color: #E5A823;
  background: radial-gradient(circle at 50% 35%, #3a2a18 0%, #1a1520 70%);
}
.ma-tile-name { font-weight: 600; margin-top: 0.3rem; overflow-wrap: anywhere; }
.ma-tile-facts { opacity: 0.85; }
.ma-compare { width: 100%; border-collapse: collapse; font-size: 0.875rem; margin: 0.5rem 0; }
.ma-compare caption { caption-side: bottom; text-align: left; font-size: 0.8rem; opacity: 0.85; }
.ma-compare th, .ma-compare td { padding: 0.35rem 0.5rem; text-align: right; vertical-align: top; }
.ma-compare td { white-space: nowrap; }  /* "117 min" on one line; titles and headers wrap */
.ma-compare th:first-child { text-align: left; }
.ma-compare thead th { font-weight: 600; }
.ma-compare tbody th { font-weight: 400; overflow-wrap: anywhere; }
.ma-copy {
  font: inherit; font-size: 0.875rem; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid color-mix(in srgb, currentColor 30%, transparent); border-radius: 0.5rem;
  padding: 0.2rem 0.75rem;
}
.ma-copy:hover, .ma-copy:focus-visible { border-color: #E5A823; }
/* Amber is for surfaces and marks; as text on the light theme it would read 2:1. */
[role="tab"][aria-selected="true"],  /* a div in Streamlit 1.67, which colours itself amber */
[role="tab"][aria-selected="true"] p { color: inherit !important; }
[role="tab"][aria-selected="true"] p { font-weight: 600; }  /* more than the amber bar below */
[data-testid="stChatMessage"] { border-radius: 0.75rem; }
/* Dark text on the amber primary colour: white on it measured 2.1:1, this is about 9:1. */
button[kind^="primary"], button[kind^="primary"] p { color: #17110A !important; }
/* An icon button's name is its (visually hidden) label: "Chat options: Alien night". */
.ma-sr, [class*="st-key-menu_"] button [data-testid="stMarkdownContainer"] {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}
/* Rows keep their menus and actions on the same line, even on a phone. */
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"],
[data-testid="stChatMessage"] [data-testid="stHorizontalBlock"] {
  flex-wrap: nowrap !important; flex-direction: row !important;
}
[data-testid="stSidebar"] [data-testid="stColumn"],
[data-testid="stChatMessage"] [data-testid="stColumn"] {
  min-width: 0 !important; width: auto !important;
}
[data-testid="stChatMessage"] [data-testid="stColumn"] { flex: 0 1 auto !important; }
#stMain h2 { font-size: 1.6rem !important; }
#stMain h3 { font-size: 1.25rem !important; }
@media (max-width: 640px) {
  .st-key-chat_title_repeats h2 {  /* visually hidden: the question is right below */
    position: absolute !important; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; padding: 0 !important; margin: 0 !important;
  }
  #stMain h2 { font-size: 1.05rem !important; }
  #stMain h3 { font-size: 1.05rem !important; }
  .ma-tile, .ma-poster { width: 5rem; }
  .ma-compare { font-size: 0.8rem; }
  .ma-compare th, .ma-compare td { padding: 0.3rem 0.25rem; }
}
[data-testid="stSidebar"] h1 { letter-spacing: 0.04em; }
</style>
"""


def apply_theme() -> None:
    st.html(CSS)
    st.html(COPY_SCRIPT, unsafe_allow_javascript=True)
