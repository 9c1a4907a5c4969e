"""The `movie-analyst` command line: help, exit codes, settings errors, `config show`."""

import json
from pathlib import Path

import pytest

from tests.support.cli import closed_port, isolate_settings, run_cli

COMMANDS = [
    [],
    ["serve"],
    ["ui"],
    ["up"],
    ["chat"],
    ["sessions"],
    ["sessions", "list"],
    ["sessions", "export"],
    ["sessions", "import"],
    ["sessions", "delete"],
    ["catalog"],
    ["catalog", "import"],
    ["catalog", "stats"],
    ["db"],
    ["db", "migrate"],
    ["db", "check"],
    ["db", "backup"],
    ["config"],
    ["config", "show"],
]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_settings(monkeypatch, tmp_path)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    outcome = run_cli(capsys, [*command, "--help"])
    assert outcome.code == 0
    assert outcome.out.startswith("usage: movie-analyst")


def test_top_level_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(capsys, ["--help"]).out
    assert "3 server" in out and "unreachable" in out


def test_unknown_command_and_missing_action_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(capsys, ["frobnicate"]).code == 2
    assert run_cli(capsys, ["sessions"]).code == 2
    assert run_cli(capsys, []).code == 2


def test_a_bad_setting_prints_one_line_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "70000")
    outcome = run_cli(capsys, ["config", "show"])
    assert outcome.code == 2
    assert outcome.err.strip().splitlines() == [
        "movie-analyst: configuration error: PORT must be between 1 and 65535"
    ]


def test_config_show_masks_secrets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMDB_API_KEY", "tmdb-secret-value-42")
    monkeypatch.setenv("API_AUTH_TOKEN", "short")
    monkeypatch.setenv("DATABASE_PATH", "/data/chat.db")
    outcome = run_cli(capsys, ["config", "show"])
    assert outcome.code == 0
    assert "tmdb-secret" not in outcome.out and "short" not in outcome.out
    rows = dict(line.split(None, 1) for line in outcome.out.splitlines())
    assert rows["TMDB_API_KEY"] == "****42"
    assert rows["API_AUTH_TOKEN"] == "****"
    assert rows["DATABASE_PATH"] == "/data/chat.db"
    assert rows["OPENAI_API_KEY"] == "(unset)"


def test_config_show_json_reads_dotenv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LLM_PROVIDER=offline\nCONCENTRATE_API_KEY=abcdefghijk\n")
    shown = json.loads(run_cli(capsys, ["config", "show", "--json"]).out)
    assert shown["LLM_PROVIDER"] == "offline"
    assert shown["CONCENTRATE_API_KEY"] == "****jk"
    assert shown["PORT"] == 8000


def test_an_unreachable_server_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    outcome = run_cli(capsys, ["sessions", "list", "--url", url])
    assert outcome.code == 3
    assert "cannot reach the API" in outcome.err


def test_ui_without_a_streamlit_script_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = run_cli(capsys, ["ui", "--app", str(tmp_path / "missing.py")])
    assert outcome.code == 2
    assert "no Streamlit script" in outcome.err


@pytest.mark.parametrize("command", [["serve"], ["up"], ["db", "migrate"], ["chat", "-m", "hi"]])
def test_settings_errors_stop_every_command_with_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("HTTP_RETRIES", "-1")
    outcome = run_cli(capsys, command)
    assert outcome.code == 2
    assert "HTTP_RETRIES must be 0 or more" in outcome.err
