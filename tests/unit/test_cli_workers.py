"""`serve --workers N` refuses, with exit 2 and what to set, to start workers that could not
share their runs (no REDIS_URL) or their conversations (SQLite)."""

from pathlib import Path

import pytest

from tests.support.cli import isolate_settings, run_cli


@pytest.mark.parametrize(
    ("env", "needs", "not_named"),
    [
        ({}, ("REDIS_URL", "DATABASE_URL=postgresql"), ""),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, ("DATABASE_URL=postgresql",), "REDIS_URL"),
        ({"DATABASE_URL": "postgresql://u@127.0.0.1:1/ma"}, ("REDIS_URL",), "DATABASE_URL"),
    ],
)
def test_workers_need_redis_and_postgres(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    env: dict[str, str],
    needs: tuple[str, ...],
    not_named: str,
) -> None:
    isolate_settings(monkeypatch, tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    outcome = run_cli(capsys, ["serve", "--workers", "2", "--port", "1"])
    assert outcome.code == 2 and outcome.err.count("\n") == 1
    assert "serve --workers 2 needs" in outcome.err
    assert all(name in outcome.err for name in needs)
    assert not not_named or not_named not in outcome.err


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_workers_must_be_a_positive_count(capsys: pytest.CaptureFixture[str], workers: str) -> None:
    outcome = run_cli(capsys, ["serve", "--workers", workers])
    assert outcome.code == 2 and "--workers" in outcome.err
