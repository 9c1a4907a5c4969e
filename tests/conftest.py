"""Tier markers come from the folder: tests/unit -> unit, tests/integration -> integration, ..."""

from pathlib import Path

import pytest

TIERS = ("unit", "integration", "e2e")

pytest_plugins = ["tests.support.postgres"]  # the `postgres_url` fixture: a real PostgreSQL


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))
