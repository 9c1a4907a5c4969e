"""Observability and CLI costs.

1. What the access-log + metrics middleware adds to one request: a tiny Litestar route called
   in-process through ASGI, with and without the middleware, logging JSON to an in-memory sink.
2. Rendering GET /metrics after 20 routes x 3 statuses (about the API's size) were observed;
   a scraper calls it every 15 s or so, so tens of milliseconds are affordable.
3. Wall time of `movie-analyst --help` (what every CLI command pays before it starts).
"""

import io
import logging
import subprocess
import sys
import time
from typing import Any

from litestar import Litestar, get

from bench.figures import Figure, p50
from movie_analyst.adapters.prometheus_metrics import PrometheusMetrics
from movie_analyst.entrypoints.http.observability import ObservabilityMiddleware
from movie_analyst.entrypoints.logging import JsonFormatter

REQUESTS = 3000


@get("/api/v1/things/{thing_id:str}", sync_to_thread=False)
def thing(thing_id: str) -> dict[str, str]:
    return {"id": thing_id}


def _app(metered: bool) -> Litestar:
    middleware = [ObservabilityMiddleware(PrometheusMetrics())] if metered else []
    return Litestar(route_handlers=[thing], middleware=middleware, logging_config=None)


async def _call(app: Litestar) -> float:
    scope: dict[str, Any] = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": "/api/v1/things/x", "raw_path": b"/api/v1/things/x", "root_path": "",
        "query_string": b"", "headers": [], "client": ("127.0.0.1", 1), "server": ("t", 80),
        "state": {},
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_: Any) -> None:
        pass

    started = time.perf_counter()
    await app(scope, receive, send)  # type: ignore[arg-type]
    return (time.perf_counter() - started) * 1000


async def _per_request(app: Litestar) -> float:
    for _ in range(200):  # warm up
        await _call(app)
    return p50([await _call(app) for _ in range(REQUESTS)])


async def middleware_overhead() -> Figure:
    access = logging.getLogger("movie_analyst.access")
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter())
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        bare, metered = await _per_request(_app(False)), await _per_request(_app(True))
    finally:
        access.removeHandler(handler)
    overhead = max(0.0, metered - bare)
    return Figure(
        area="observability", name="access log + metrics per request (p50 overhead)",
        value=overhead, unit="ms", target="<= 0.2 ms", met=overhead <= 0.2,
        note=f"p50 {bare:.3f} ms bare vs {metered:.3f} ms with the middleware, in-process ASGI",
    )  # fmt: skip


def scrape_time() -> Figure:
    metrics = PrometheusMetrics()
    for route in range(20):
        for status in (200, 404, 500):
            metrics.observe_request("GET", f"/api/v1/r{route}", status, 0.01)
    samples = []
    for _ in range(50):
        started = time.perf_counter()
        metrics.exposition()
        samples.append((time.perf_counter() - started) * 1000)
    value = p50(samples)
    return Figure(
        area="observability", name="render GET /metrics, 60 request series (p50)",
        value=value, unit="ms", target="<= 50 ms", met=value <= 50,
    )  # fmt: skip


def cli_start() -> Figure:
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "movie_analyst.entrypoints.cli", "--help"],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        samples.append(time.perf_counter() - started)
    value = p50(samples)
    return Figure(
        area="cli", name="movie-analyst --help wall time (p50 of 5)",
        value=value * 1000, unit="ms", target="<= 1000 ms", met=value <= 1.0,
    )  # fmt: skip


async def measure() -> list[Figure]:
    return [await middleware_overhead(), scrape_time(), cli_start()]
