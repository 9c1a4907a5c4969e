"""The `make bench` runner (`python -m bench`): sections per module, failures reported, subsets."""

import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bench.__main__ as runner
from bench.figures import Figure
from bench.report import ModuleResult, render

WHEN = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def _figure(name: str, value: float, met: bool | None) -> Figure:
    return Figure(area="x", name=name, value=value, unit="ms", target="<= 5 ms", met=met)


def test_render_lists_machine_date_figures_and_targets() -> None:
    result = ModuleResult(name="storage", figures=[_figure("p50 read", 0.2, True)], seconds=1.5)
    text = render("", [result], WHEN)
    assert "Last run: 2026-11-24 01:00 UTC on" in text and "cores" in text and "Python 3." in text
    assert "| p50 read | 0.20 ms | <= 5 ms | yes |  |" in text


def test_a_partial_run_keeps_the_other_sections() -> None:
    first = render("", [ModuleResult(name="runs", figures=[_figure("ttft", 80, False)])], WHEN)
    second = render(first, [ModuleResult(name="storage", figures=[_figure("read", 1, True)])], WHEN)
    assert "| ttft | 80 ms | <= 5 ms | **no** |" in second
    assert "| read | 1 ms |" in second
    third = render(second, [ModuleResult(name="runs", error="boom")], WHEN)
    assert "ttft" not in third and "**Failed:** `boom`" in third and "| read |" in third
    assert third.count("# Benchmarks") == 1


def test_a_failing_module_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async def good() -> list[Figure]:
        return [_figure("fast", 1.0, True)]

    async def bad() -> list[Figure]:
        raise RuntimeError("upstream fake did not start")

    modules = {"bench.bench_a": bad, "bench.bench_b": good}
    monkeypatch.setattr(runner, "available", lambda: ["a", "b"])
    monkeypatch.setattr(
        runner, "import_module", lambda name: types.SimpleNamespace(measure=modules[name])
    )
    output = tmp_path / "BENCHMARKS.md"
    assert runner.main(["-o", str(output)]) == 1
    text = output.read_text()
    assert "RuntimeError: upstream fake did not start" in text
    assert "| fast | 1 ms |" in text


def test_an_unknown_area_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        runner.main(["no-such-area", "-o", str(tmp_path / "B.md")])
    assert stopped.value.code == 2


def test_every_bench_module_defines_measure() -> None:
    for name in runner.available():
        source = (runner.BENCH_DIR / f"bench_{name}.py").read_text()
        assert "async def measure() -> list[Figure]" in source, name
