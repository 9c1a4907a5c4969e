"""An httpx transport that counts every request to one upstream in the Metrics port."""

import time

import httpx

from movie_analyst.application.ports.metrics import Metrics

# 429 and 5xx are the upstream failing us; other 4xx are answers (404 = not found).
_FAILED = frozenset({429, 500, 502, 503, 504})


class MeteredTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; each HTTP request (every retry too) is one `upstream_call`.

    Time runs to the response headers, so a long stream counts its wait, not its reading.
    """

    def __init__(
        self, upstream: str, metrics: Metrics, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._upstream = upstream
        self._metrics = metrics
        self._inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
        except Exception:
            self._record(ok=False, started=started)
            raise
        self._record(ok=response.status_code not in _FAILED, started=started)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()

    def _record(self, *, ok: bool, started: float) -> None:
        self._metrics.upstream_call(self._upstream, ok=ok, seconds=time.perf_counter() - started)
