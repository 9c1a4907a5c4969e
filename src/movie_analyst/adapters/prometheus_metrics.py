"""PrometheusMetrics: the Metrics port on prometheus_client, one registry per instance.

A registry per instance (not the library's global one) lets every test build its own app
without "Duplicated timeseries" errors. The HTTP middleware records requests here too, and
GET /metrics renders `exposition()`.
"""

import logging

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from movie_analyst.adapters.prometheus_cache_collector import CacheLookupCollector, CacheReader
from movie_analyst.application.ports.metrics import Metrics, RunReport

log = logging.getLogger("movie_analyst.runs")

# Seconds; an API call is milliseconds, an agent run is seconds to a minute and a half.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 90)


class PrometheusMetrics(Metrics):
    def __init__(self, *, process_collectors: bool = True) -> None:
        self.registry = CollectorRegistry()
        if process_collectors:
            ProcessCollector(registry=self.registry)
            PlatformCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        self._build()

    def _build(self) -> None:
        r = self.registry
        self.requests = Histogram(
            "movie_analyst_http_request_duration_seconds",
            "HTTP request latency by route template and status",
            ["method", "route", "status"],
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.runs = Counter(
            "movie_analyst_runs", "Finished agent runs by status", ["status"], registry=r
        )
        self.runs_in_flight = Gauge(
            "movie_analyst_runs_in_flight", "Agent runs executing now", registry=r
        )
        self.run_seconds = Histogram(
            "movie_analyst_run_duration_seconds",
            "Agent run wall time",
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.tokens = Counter(
            "movie_analyst_llm_tokens",
            "LLM tokens by kind and user (a user id, '-' when nobody signed in)",
            ["kind", "user"],
            registry=r,
        )
        self.upstream_calls = Counter(
            "movie_analyst_upstream_calls",
            "Calls to third-party services",
            ["upstream"],
            registry=r,
        )
        self.upstream_errors = Counter(
            "movie_analyst_upstream_errors",
            "Failed third-party calls, after retries",
            ["upstream"],
            registry=r,
        )
        self.upstream_seconds = Histogram(
            "movie_analyst_upstream_duration_seconds",
            "Third-party call latency",
            ["upstream"],
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.cache = CacheLookupCollector()
        r.register(self.cache)

    def run_started(self) -> None:
        self.runs_in_flight.inc()

    def run_finished(self, report: RunReport) -> None:
        self.runs_in_flight.dec()
        self.runs.labels(report.status).inc()
        self.run_seconds.observe(report.total_seconds)
        if report.input_tokens:
            self.tokens.labels("input", report.user_id).inc(report.input_tokens)
        if report.output_tokens:
            self.tokens.labels("output", report.user_id).inc(report.output_tokens)
        log.info("run", extra=run_fields(report))

    def upstream_call(self, upstream: str, *, ok: bool, seconds: float | None = None) -> None:
        self.upstream_calls.labels(upstream).inc()
        if not ok:
            self.upstream_errors.labels(upstream).inc()
        if seconds is not None:
            self.upstream_seconds.labels(upstream).observe(seconds)

    def cache_lookup(self, cache: str, *, hit: bool) -> None:
        self.cache.count(cache, hit=hit)

    def watch_cache(self, cache: str, read: CacheReader) -> None:
        """Also report a cache that keeps its own (hits, misses) tallies, read at scrape time."""
        self.cache.readers[cache] = read

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).observe(seconds)

    def exposition(self) -> tuple[bytes, str]:
        """The text exposition format and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def run_fields(report: RunReport) -> dict[str, object]:
    """The run log line's fields (`run_id`, `model`, `tool_calls`, `llm_ms`, `tool_ms`, tokens)."""
    return {
        "run_id": report.run_id,
        "session_id": report.session_id,
        "model": report.model,
        "status": report.status,
        "tool_calls": report.tool_calls,
        "llm_ms": round(report.llm_seconds * 1000, 1),
        "tool_ms": round(report.tool_seconds * 1000, 1),
        "duration_ms": round(report.total_seconds * 1000, 1),
        "input_tokens": report.input_tokens,
        "output_tokens": report.output_tokens,
        "user_id": report.user_id,
    }
