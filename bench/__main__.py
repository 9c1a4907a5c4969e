"""`python -m bench [area ...]`: run bench/bench_<area>.py modules and rewrite BENCHMARKS.md.

With no area, every module runs. A module that fails to import or to measure is reported in
its section and the others still run; the exit code is then 1 (2 for an unknown area).
"""

import argparse
import asyncio
import sys
import time
import traceback
from importlib import import_module
from pathlib import Path

import uvloop

from bench.report import ModuleResult, render

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = BENCH_DIR.parent / "BENCHMARKS.md"
MODULE_TIMEOUT = 600.0


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def run_module(name: str, timeout: float = MODULE_TIMEOUT) -> ModuleResult:
    """Import and measure one module in a fresh event loop; never raises."""
    started = time.perf_counter()
    try:
        module = import_module(f"bench.bench_{name}")
        # uvloop, as the server runs: the load generator shares the cores with the server
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            figures = runner.run(asyncio.wait_for(module.measure(), timeout))
        result = ModuleResult(name=name, figures=list(figures))
    except Exception as exc:
        traceback.print_exc()
        result = ModuleResult(name=name, error=f"{type(exc).__name__}: {exc}"[:300])
    result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("areas", nargs="*", help=f"some of: {', '.join(available())}")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.areas) - set(available()))
    if unknown:
        parser.error(f"unknown area(s) {', '.join(unknown)}; choose from {', '.join(available())}")
    results = []
    for name in args.areas or available():
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        results.append(run_module(name))
        _summarise(results[-1])
    previous = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
    args.output.write_text(render(previous, results), encoding="utf-8")
    print(f"bench: wrote {args.output}", file=sys.stderr)
    return 1 if any(result.error for result in results) else 0


def _summarise(result: ModuleResult) -> None:
    if result.error:
        print(f"bench: {result.name} FAILED: {result.error}", file=sys.stderr)
    for figure in result.figures:
        met = {True: "met", False: "NOT MET", None: ""}[figure.met]
        target = f" (target {figure.target}: {met})" if figure.target else ""
        print(f"  {figure.name}: {figure.value:.2f} {figure.unit}{target}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
