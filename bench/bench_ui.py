"""The Streamlit UI's own costs, with the backend replaced by the in-memory fake of its tests.

1. One full script run (a rerun: every click causes one) on a conversation of 100 messages,
   each answer with its thumbs and copy widgets, measured with Streamlit's AppTest (no browser,
   no network).
2. SSE decoding in the API client: events/s from `stream_chat` over an in-memory transport, so
   the figure is the client's parsing cost alone.
"""

import json
import os
import statistics
import tempfile
import time

from bench.figures import Figure, p50
from tests.support.frontend import ARRIVAL, SICARIO, FakeBackend

RERUNS = 10
EVENTS = 5_000


def _rerun_ms() -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    from tests.support.frontend import APP_SCRIPT

    backend = FakeBackend()
    pairs = [("user", f"Question {i}?") for i in range(50)]
    sid = backend.add_session("Long chat", [m for p in pairs for m in (p, ("assistant", "A."))])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UI_SETTINGS_PATH"] = f"{tmp}/settings.json"
        at = AppTest.from_file(str(APP_SCRIPT), default_timeout=60)
        at.session_state["api"] = backend.client()
        at.run()
        at.button(key=f"open_{sid}").click().run()
        samples = []
        for _ in range(RERUNS):
            start = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - start) * 1000)
        os.environ.pop("UI_SETTINGS_PATH", None)
    return p50(samples), statistics.mean(samples)


def _decode_rate() -> float:
    backend = FakeBackend()
    data = json.dumps([ARRIVAL, SICARIO])
    step = {"step": {"type": "tool_result", "tool": "search_media", "summary": "2", "data": data}}
    backend.script = [step] + [{"content": f" word{i}"} for i in range(EVENTS - 1)]
    sid = backend.add_session()
    start = time.perf_counter()
    count = sum(1 for _ in backend.client().stream_chat(sid, "q", None))
    return count / (time.perf_counter() - start)


async def measure() -> list[Figure]:
    rerun_p50, rerun_mean = _rerun_ms()
    return [
        Figure(
            area="ui",
            name="script rerun, 100-message chat (AppTest)",
            value=round(rerun_p50, 1),
            unit="ms",
            note=f"p50 of {RERUNS}; mean {rerun_mean:.1f} ms; fake backend",
        ),
        Figure(
            area="ui",
            name="SSE events decoded by the UI client",
            value=round(_decode_rate()),
            unit="events/s",
            note=f"{EVENTS} events, in-memory transport",
        ),
    ]
