"""Access log and request metrics: one JSON line and one histogram sample per HTTP request.

The line carries `method`, `route` (the path template, so ids do not explode the metric's
labels), `path`, `status` and `duration_ms`; the request id comes from the X-Request-ID
middleware's contextvar through the log formatter, so that middleware must sit outside this one.
Probe routes (/health, /ready, /metrics) log at DEBUG so a scraper does not flood the log.
"""

import logging
import time

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from movie_analyst.adapters.prometheus_metrics import PrometheusMetrics

log = logging.getLogger("movie_analyst.access")

PROBE_PATHS = frozenset({"/health", "/api/v1/health", "/ready", "/metrics"})


class ObservabilityMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, metrics: PrometheusMetrics | None) -> None:
        self.metrics = metrics

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        started = time.perf_counter()
        status = 500  # what the client sees if the app raises before it starts a response

        async def send_and_remember(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await next_app(scope, receive, send_and_remember)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = str(scope.get("path_template") or "unmatched")
        method = str(scope.get("method", "-"))
        if self.metrics is not None:
            self.metrics.observe_request(method, route, status, seconds)
        level = logging.DEBUG if scope["path"] in PROBE_PATHS else logging.INFO
        log.log(
            level,
            "request",
            extra={
                "method": method,
                "route": route,
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "request_id": scope.get("state", {}).get("request_id"),
            },
        )
