"""RecordingMetrics: a Metrics fake whose calls can be inspected."""

from movie_analyst.application.ports.metrics import Metrics, RunReport


class RecordingMetrics(Metrics):
    def __init__(self) -> None:
        self.in_flight = 0
        self.reports: list[RunReport] = []
        self.upstream: list[tuple[str, bool]] = []
        self.cache: list[tuple[str, bool]] = []

    def run_started(self) -> None:
        self.in_flight += 1

    def run_finished(self, report: RunReport) -> None:
        self.in_flight -= 1
        self.reports.append(report)

    def upstream_call(self, upstream: str, *, ok: bool, seconds: float | None = None) -> None:
        self.upstream.append((upstream, ok))

    def cache_lookup(self, cache: str, *, hit: bool) -> None:
        self.cache.append((cache, hit))
