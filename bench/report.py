"""BENCHMARKS.md: a machine/date header, then one marked section per bench module.

A run of some modules (`python -m bench storage`) replaces only their sections and keeps the
others, so numbers are never lost by measuring one area again.
"""

import os
import platform
import re
from datetime import UTC, datetime

import msgspec

from bench.figures import Figure

SECTION = re.compile(r"<!-- bench:(?P<name>[\w-]+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.S)


class ModuleResult(msgspec.Struct, kw_only=True):
    name: str  # "storage" for bench/bench_storage.py
    figures: list[Figure] = []
    error: str | None = None  # the failure, when the module could not measure
    seconds: float = 0.0


def machine() -> str:
    cores = os.cpu_count() or 0
    return (
        f"{cores} cores, {_ram_gib():.1f} GiB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def _ram_gib() -> float:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0.0
    return float(pages * size) / 2**30


def section(result: ModuleResult, when: datetime) -> str:
    lines = [f"<!-- bench:{result.name} -->", f"## {result.name}", ""]
    lines.append(f"Measured {when:%Y-%m-%d %H:%M} UTC in {result.seconds:.1f} s.")
    lines.append("")
    if result.error:
        lines += [f"**Failed:** `{result.error}`", ""]
    if result.figures:
        lines += ["| Figure | Value | Target | Met | Note |", "|---|---:|---|:-:|---|"]
        lines += [_row(figure) for figure in result.figures]
        lines.append("")
    return "\n".join(lines) + f"<!-- /bench:{result.name} -->\n"


def _row(figure: Figure) -> str:
    met = {True: "yes", False: "**no**", None: "-"}[figure.met]
    value = f"{figure.value:,.2f} {figure.unit}".replace(".00 ", " ")
    cells = (figure.name, value, figure.target or "-", met, figure.note)
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def render(previous: str, results: list[ModuleResult], when: datetime | None = None) -> str:
    """The new BENCHMARKS.md: sections of `results` replace or join those of `previous`."""
    when = when or datetime.now(UTC)
    sections = {m["name"]: m.group(0) for m in SECTION.finditer(previous)}
    for result in results:
        sections[result.name] = section(result, when)
    header = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench [area ...]`); do not edit by hand.",
        "Upstreams are fakes on 127.0.0.1, so the numbers measure our code, not a network.",
        "",
        f"Last run: {when:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
    ]
    return "\n".join(header) + "\n".join(sections[name] for name in sorted(sections))
