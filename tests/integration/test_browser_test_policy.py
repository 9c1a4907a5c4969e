"""`pytest` on the browser tests, as `make test` runs it: an opt-out that the summary reports,
and no Chromium stopping the run with one line instead of a silent skip."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support import chromium

REPO = Path(__file__).resolve().parents[2]


def _pytest_on_the_browser_tests(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/e2e/test_ui_browser.py",
        ],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_opt_out_skips_them_and_says_so_in_the_summary() -> None:
    done = _pytest_on_the_browser_tests(SKIP_BROWSER_TESTS="1")

    assert done.returncode == 0, done.stdout + done.stderr
    said = re.search(r"SKIP_BROWSER_TESTS is set: (\d+) browser tests were skipped", done.stdout)
    assert said, done.stdout
    assert f"{said.group(1)} skipped" in done.stdout


def test_without_a_chromium_the_run_stops_with_one_line() -> None:
    done = _pytest_on_the_browser_tests(CHROMIUM="/nonexistent/chromium", SKIP_BROWSER_TESTS="")

    assert done.returncode != 0
    assert chromium.HOW_TO_GET_ONE in done.stderr
    assert "passed" not in done.stdout and "skipped" not in done.stdout
