"""`serve` warns once, loudly, when the API listens beyond loopback with no authentication."""

import logging
from pathlib import Path
from typing import Any

import pytest

from movie_analyst.entrypoints import exposure
from movie_analyst.entrypoints.cli import main, run_cmds
from movie_analyst.entrypoints.http import server
from movie_analyst.entrypoints.settings import Settings


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.168.1.20", False),
        ("api.example.org", False),
    ],
)
def test_only_loopback_addresses_count_as_local(host: str, loopback: bool) -> None:
    assert exposure.is_loopback(host) is loopback


def test_the_warning_names_the_address_and_the_way_out() -> None:
    message = exposure.exposure_warning(Settings(), "0.0.0.0", 8000)
    assert message is not None and message.startswith("SECURITY:")
    assert "0.0.0.0:8000" in message and "AUTH_MODE" in message
    assert exposure.exposure_warning(Settings(), "127.0.0.1", 8000) is None
    assert exposure.exposure_warning(Settings(api_auth_token="s3cret"), "0.0.0.0", 1) is None


class _FakeServer:
    started = True

    def run(self, sockets: Any = None) -> None:
        pass


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.chdir(tmp_path)  # no ./.env
    monkeypatch.delenv("API_AUTH_TOKEN", raising=False)
    monkeypatch.setattr(run_cmds, "configure_logging", lambda *_: None)  # keep caplog's handler
    monkeypatch.setattr(server, "build_server", lambda *_: _FakeServer())
    return lambda *argv: main(["serve", *argv])


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_serve_on_every_interface_without_auth_warns_exactly_once(
    serve: Any, caplog: pytest.LogCaptureFixture
) -> None:
    assert serve("--host", "0.0.0.0", "--port", "8123") == 0
    assert len(_warnings(caplog)) == 1 and "0.0.0.0:8123" in _warnings(caplog)[0]


def test_serve_on_loopback_or_with_a_token_does_not_warn(
    serve: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert serve("--host", "127.0.0.1") == 0
    monkeypatch.setenv("API_AUTH_TOKEN", "a-long-shared-secret")
    assert serve("--host", "0.0.0.0") == 0
    assert _warnings(caplog) == []


def test_a_workers_child_leaves_the_warning_to_its_parent(
    serve: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setattr(run_cmds, "inherited_socket", lambda fd: None)
    assert serve("--fd", "7") == 0
    assert _warnings(caplog) == []
