"""Tier markers come from the folder: tests/unit -> unit, tests/integration -> integration, ..."""

from pathlib import Path

import pytest

from tests.support.chromium import HOW_TO_GET_ONE, SKIP_ENV, find_chromium, skip_requested

TIERS = ("unit", "integration", "e2e")

pytest_plugins = ["tests.support.postgres"]  # the `postgres_url` fixture: a real PostgreSQL


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))
    _browser_tests(config, [item for item in items if item.get_closest_marker("browser")])


def _browser_tests(config: pytest.Config, browser_items: list[pytest.Item]) -> None:
    """Browser tests run, or the run stops with one line; only an explicit opt-out skips them."""
    if not browser_items:
        return
    if skip_requested():
        skip = pytest.mark.skip(reason=f"{SKIP_ENV} is set: browser tests not run")
        for item in browser_items:
            item.add_marker(skip)
        config.stash[_SKIPPED_BROWSER_TESTS] = len(browser_items)
    elif find_chromium() is None:
        raise pytest.UsageError(HOW_TO_GET_ONE)


_SKIPPED_BROWSER_TESTS = pytest.StashKey[int]()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    skipped = config.stash.get(_SKIPPED_BROWSER_TESTS, 0)
    if skipped:
        terminalreporter.write_line(
            f"{SKIP_ENV} is set: {skipped} browser tests were skipped, the UI was not tested",
            yellow=True,
        )
