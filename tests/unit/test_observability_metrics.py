"""PrometheusMetrics, the Metrics port's adapter: what each call counts, and the run log line."""

import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from movie_analyst.adapters.prometheus_metrics import PrometheusMetrics
from movie_analyst.application.ports.metrics import Metrics, NoMetrics, RunReport


def _samples(metrics: PrometheusMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.exposition()[0].decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _report(status: str = "succeeded", user_id: str = "-") -> RunReport:
    return RunReport(
        run_id="r1", session_id="s1", model="offline", status=status, tool_calls=3,
        llm_seconds=0.25, tool_seconds=0.05, total_seconds=0.4, input_tokens=120, output_tokens=30,
        user_id=user_id,
    )  # fmt: skip


def test_runs_count_by_status_and_track_those_in_flight() -> None:
    metrics = PrometheusMetrics(process_collectors=False)
    metrics.run_started()
    metrics.run_started()
    assert _samples(metrics)[("movie_analyst_runs_in_flight", ())] == 2
    metrics.run_finished(_report("succeeded"))
    metrics.run_finished(_report("cancelled"))
    samples = _samples(metrics)
    assert samples[("movie_analyst_runs_in_flight", ())] == 0
    assert samples[("movie_analyst_runs_total", (("status", "succeeded"),))] == 1
    assert samples[("movie_analyst_runs_total", (("status", "cancelled"),))] == 1
    assert samples[("movie_analyst_llm_tokens_total", (("kind", "input"), ("user", "-")))] == 240


def test_tokens_are_counted_per_user_id() -> None:
    metrics = PrometheusMetrics(process_collectors=False)
    metrics.run_finished(_report(user_id="u-ann"))
    metrics.run_finished(_report(user_id="u-bob"))
    metrics.run_finished(_report(user_id="u-bob"))
    samples = _samples(metrics)
    output = "movie_analyst_llm_tokens_total", ("kind", "output")
    assert samples[(output[0], (output[1], ("user", "u-ann")))] == 30
    assert samples[(output[0], (output[1], ("user", "u-bob")))] == 60


def test_a_finished_run_writes_one_log_line_with_its_costs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="movie_analyst.runs"):
        PrometheusMetrics(process_collectors=False).run_finished(_report())
    [record] = caplog.records
    assert record.getMessage() == "run"
    assert record.__dict__["run_id"] == "r1"
    assert record.__dict__["tool_calls"] == 3
    assert record.__dict__["llm_ms"] == 250.0
    assert record.__dict__["output_tokens"] == 30


def test_upstream_calls_and_errors_count_per_upstream() -> None:
    metrics = PrometheusMetrics(process_collectors=False)
    metrics.upstream_call("tmdb", ok=True, seconds=0.1)
    metrics.upstream_call("tmdb", ok=False)
    metrics.upstream_call("concentrate", ok=True)
    samples = _samples(metrics)
    assert samples[("movie_analyst_upstream_calls_total", (("upstream", "tmdb"),))] == 2
    assert samples[("movie_analyst_upstream_errors_total", (("upstream", "tmdb"),))] == 1
    assert ("movie_analyst_upstream_errors_total", (("upstream", "concentrate"),)) not in samples
    assert samples[("movie_analyst_upstream_duration_seconds_count", (("upstream", "tmdb"),))] == 1


def test_cache_lookups_count_hits_and_misses() -> None:
    metrics = PrometheusMetrics(process_collectors=False)
    for hit in (True, True, False):
        metrics.cache_lookup("catalog", hit=hit)
    samples = _samples(metrics)
    assert (
        samples[("movie_analyst_cache_lookups_total", (("cache", "catalog"), ("result", "hit")))]
        == 2
    )
    assert (
        samples[("movie_analyst_cache_lookups_total", (("cache", "catalog"), ("result", "miss")))]
        == 1
    )


def test_each_instance_has_its_own_registry() -> None:
    first, second = PrometheusMetrics(), PrometheusMetrics()
    first.cache_lookup("catalog", hit=True)
    assert ("movie_analyst_cache_lookups_total", (("cache", "catalog"), ("result", "hit"))) not in (
        _samples(second)
    )
    assert b"process_cpu_seconds_total" in second.exposition()[0]


def test_the_no_op_default_satisfies_the_port() -> None:
    metrics: Metrics = NoMetrics()
    metrics.run_started()
    metrics.run_finished(_report())
    metrics.upstream_call("tmdb", ok=False)
    metrics.cache_lookup("catalog", hit=False)
