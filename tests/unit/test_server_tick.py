"""The API server's main loop: it wakes once a second, not ten times, and a signal stops it at
once (an idle server should not spend CPU polling for a stop)."""

import asyncio
import signal
import time

import pytest
import uvicorn

from movie_analyst.entrypoints.http import server as server_module
from movie_analyst.entrypoints.http.server import DrainingServer


async def _app(scope: object, receive: object, send: object) -> None:  # never called
    raise AssertionError


def _server() -> DrainingServer:
    async def drain() -> None:
        return None

    return DrainingServer(uvicorn.Config(_app), drain=drain)


async def test_the_loop_wakes_once_a_tick_and_keeps_the_date_fresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_module, "TICK_SECONDS", 0.05)
    server, counters = _server(), []

    async def on_tick(counter: int) -> bool:
        counters.append(counter)
        return len(counters) == 4

    monkeypatch.setattr(server, "on_tick", on_tick)
    started = time.monotonic()
    await asyncio.wait_for(server.main_loop(), 5)
    assert time.monotonic() - started >= 3 * 0.05 * 0.9
    assert all(c % 10 == 0 for c in counters)  # every wake refreshes the Date header
    assert counters == [0, 10, 20, 30]


async def test_a_signal_stops_the_loop_without_waiting_for_the_tick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_module, "TICK_SECONDS", 60.0)
    server = _server()
    loop = asyncio.create_task(server.main_loop())
    await asyncio.sleep(0.05)
    started = time.monotonic()
    server.handle_exit(signal.SIGTERM, None)
    await asyncio.wait_for(loop, 5)
    assert time.monotonic() - started < 1
