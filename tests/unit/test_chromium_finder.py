"""Browser tests never skip silently: how a Chromium is found or installed, and the opt-out."""

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.support import chromium


def _executable(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_an_explicit_chromium_wins_and_a_wrong_one_finds_nothing(tmp_path: Path) -> None:
    mine = _executable(tmp_path / "my-chrome")

    assert chromium.find_chromium({"CHROMIUM": mine}) == mine
    assert chromium.find_chromium({"CHROMIUM": str(tmp_path / "missing")}) is None


def test_a_browser_playwright_installed_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chromium, "SYSTEM_NAMES", ())
    installed = _executable(tmp_path / "chromium-1200" / "chrome-linux64" / "chrome")

    assert chromium.find_chromium({"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path)}) == installed
    assert chromium.find_chromium({"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none")}) is None


def test_with_none_found_the_install_commands_run_until_one_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "find_chromium", lambda env=os.environ: None)
    monkeypatch.setattr(chromium, "install_commands", lambda: [["first"], ["second"]])
    ran: list[Sequence[str]] = []

    def failing(command: Sequence[str]) -> int:
        ran.append(command)
        return 1

    assert chromium.ensure_chromium(run=failing) is None
    assert ran == [["first"]]


@pytest.mark.parametrize(
    ("value", "skips"), [("1", True), ("yes", True), ("0", False), ("", False)]
)
def test_only_a_set_opt_out_skips(value: str, skips: bool) -> None:
    assert chromium.skip_requested({chromium.SKIP_ENV: value}) is skips
