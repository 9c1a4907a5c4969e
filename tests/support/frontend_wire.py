"""Wire-level pieces of the UI tests' fake backend: sample titles, a scripted run, SSE bodies."""

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

ARRIVAL = {
    "kind": "movie",
    "id": 329865,
    "title": "Arrival",
    "year": 2016,
    "vote_average": 7.6,
    "runtime": 116,
    "poster": "/x2FJsf1ElAgr63Y3PNPtJrcmpoe.jpg",
}
SICARIO = {
    "kind": "movie",
    "id": 273481,
    "title": "Sicario",
    "year": 2015,
    "vote_average": 7.4,
    "runtime": 121,
    "poster": None,
}


def default_script() -> list[dict[str, Any]]:
    """One tool call with two titles, then the answer in three tokens."""
    return [
        {
            "step": {
                "type": "tool_call",
                "tool": "search_media",
                "summary": "Searching TMDB for Villeneuve…",
            }
        },
        {
            "step": {
                "type": "tool_result",
                "tool": "search_media",
                "summary": "Found 2 titles",
                "data": json.dumps([ARRIVAL, SICARIO]),
            }
        },
        {"content": "Arrival (2016) "},
        {"content": "and Sicario (2015) "},
        {"content": "are both by Denis Villeneuve."},
    ]


def stalled_response(content: bytes, seconds: float) -> httpx.Response:
    """Sends the first event, then nothing for `seconds` (bounded), then the rest."""
    first, rest = content.split(b"\n\n", 1)

    def chunks() -> Iterator[bytes]:
        yield first + b"\n\n"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        yield rest

    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=chunks())


def sse_response(
    events: list[dict[str, Any]],
    sid: str,
    run_id: str,
    *,
    done: bool = True,
    status: str = "succeeded",
    error: str | None = None,
    after: int = 0,
) -> httpx.Response:
    frames = [{**e, "session_id": sid} for e in events]
    if done:
        last: dict[str, Any] = {"done": True, "session_id": sid, "run_id": run_id, "status": status}
        if error:
            last["error"] = error
        frames.append(last)
    text = ": keepalive\n\n" + "".join(
        f"id: {i}\ndata: {json.dumps(f)}\n\n" for i, f in enumerate(frames, start=1) if i > after
    )
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=text.encode())
