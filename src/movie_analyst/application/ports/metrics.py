from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, kw_only=True)
class RunReport:
    """What one finished agent run cost, for the run log line and the metrics."""

    run_id: str
    session_id: str
    model: str
    status: str  # a RunStatus value
    tool_calls: int = 0
    llm_seconds: float = 0.0
    tool_seconds: float = 0.0
    total_seconds: float = 0.0
    input_tokens: int | None = None  # None when the gateway did not report usage
    output_tokens: int | None = None
    user_id: str = "-"  # whose run: a User.id (bounded by the users table), "-": nobody's


class Metrics(Protocol):
    """Counters the use cases and adapters feed; scraped at GET /metrics.

    Contract: every method is cheap, synchronous and never raises (a metrics failure must not
    fail a run). Labels are low-cardinality: `upstream` is a service name ("tmdb", "tvmaze",
    "concentrate", "openai"), never a URL or an id.
    """

    def run_started(self) -> None:
        """A run began executing (in-flight gauge +1)."""
        ...

    def run_finished(self, report: RunReport) -> None:
        """A run ended in `report.status` (in-flight gauge -1); also writes the run log line."""
        ...

    def upstream_call(self, upstream: str, *, ok: bool, seconds: float | None = None) -> None:
        """One HTTP request to a third-party service (each retry counts); `ok=False` is an error."""
        ...

    def cache_lookup(self, cache: str, *, hit: bool) -> None:
        """One lookup in a response cache (e.g. cache="catalog")."""
        ...


class NoMetrics(Metrics):
    """The default when nothing is wired: counts nothing."""

    def run_started(self) -> None:
        pass

    def run_finished(self, report: RunReport) -> None:
        pass

    def upstream_call(self, upstream: str, *, ok: bool, seconds: float | None = None) -> None:
        pass

    def cache_lookup(self, cache: str, *, hit: bool) -> None:
        pass
