"""Fixtures for the UI's AppTest tests: a fake backend and a settings file under tmp_path."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.frontend import APP_SCRIPT, FakeBackend


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def settings_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ui" / "settings.json"
    monkeypatch.setenv("UI_SETTINGS_PATH", str(path))
    return path


@pytest.fixture
def app(backend: FakeBackend, settings_path: Path) -> Callable[[], AppTest]:
    """A fresh browser tab on the UI, its API client talking to the fake backend."""

    def open_tab() -> AppTest:
        at = AppTest.from_file(str(APP_SCRIPT), default_timeout=30)
        at.session_state["api"] = backend.client()
        return at.run()

    return open_tab
