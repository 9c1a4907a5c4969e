"""A run's events read on a background thread, so the script never blocks on the network.

Streamlit can only interrupt a script (Stop clicked, chat switched) at its next Streamlit call.
A script blocked in a socket read would ignore Stop until the next token, which for a long tool
call means many seconds; polling this feed with a short timeout keeps the page responsive.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.events import RunEvent


@dataclass(frozen=True)
class Ended:
    """The stream closed without a `done` event (server restarted, connection dropped)."""


FeedItem = RunEvent | ApiError | Ended


class RunFeed:
    def __init__(self, source: Callable[[], Iterable[RunEvent]]) -> None:
        self._source = source
        self._items: queue.Queue[FeedItem] = queue.Queue()
        self._stop = threading.Event()
        threading.Thread(target=self._pump, name="run-feed", daemon=True).start()

    def next(self, timeout: float) -> FeedItem | None:
        """The next item, or None when nothing arrived within `timeout` seconds."""
        try:
            return self._items.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop forwarding; the reader thread exits at its next event or keepalive."""
        self._stop.set()

    def _pump(self) -> None:
        try:
            for event in self._source():
                if self._stop.is_set():
                    return
                self._items.put(event)
            self._items.put(Ended())
        except ApiError as exc:
            self._items.put(exc)
        except Exception as exc:  # a reader thread must never die silently
            self._items.put(ApiError("bad_stream", f"{type(exc).__name__}: {exc}"))
