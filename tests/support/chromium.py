"""Find the Chromium the browser tests drive, or get one; `python -m tests.support.chromium`.

Where it looks, in order: `CHROMIUM` (an executable's path; when set, nothing else is tried),
the system's (`chromium`, `chromium-browser`, `google-chrome`), then a browser Playwright has
installed. `make test` runs this module first: with none found it installs Debian's package
when running as root, else lets Playwright install its own, and failing both stops with one
line saying how to get one. `SKIP_BROWSER_TESTS=1` skips the browser tests instead, and the
test summary says so.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

SKIP_ENV = "SKIP_BROWSER_TESTS"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome")
PLAYWRIGHT_GLOBS = ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/*/headless_shell")
HOW_TO_GET_ONE = (
    "no Chromium for the browser tests: run `apt-get install chromium` (Debian, as root) or "
    "`.venv/bin/playwright install chromium`, point CHROMIUM at one, or set "
    f"{SKIP_ENV}=1 to skip them"
)


def skip_requested(env: Mapping[str, str] = os.environ) -> bool:
    return env.get(SKIP_ENV, "").strip() not in ("", "0")


def find_chromium(env: Mapping[str, str] = os.environ) -> str | None:
    explicit = env.get("CHROMIUM")
    if explicit:
        return explicit if _executable(explicit) else None
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return _playwright_browser(env)


def _playwright_browser(env: Mapping[str, str]) -> str | None:
    root = env.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    for pattern in PLAYWRIGHT_GLOBS:
        for candidate in sorted(glob.glob(os.path.join(root, pattern)), reverse=True):
            if _executable(candidate):
                return candidate
    return None


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def install_commands() -> list[Sequence[str]]:
    """What may bring a Chromium here: Debian's package as root, else Playwright's download."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = ["-qq", "-o", "Dpkg::Use-Pty=0"]
        return [
            ["apt-get", "update", *quiet],
            ["apt-get", "install", "-y", *quiet, "--no-install-recommends", "chromium"],
        ]
    return [[sys.executable, "-m", "playwright", "install", "chromium"]]


def ensure_chromium(run: Callable[[Sequence[str]], int] | None = None) -> str | None:
    """A Chromium's path, installing one when none is found; None when that failed too."""
    found = find_chromium()
    if found or "CHROMIUM" in os.environ:
        return found
    run = run or _run
    for command in install_commands():
        if run(command) != 0:
            break
    return find_chromium()


def _run(command: Sequence[str]) -> int:
    print(f"browser tests: no Chromium found; running {' '.join(command)}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False).returncode


def main() -> int:
    if skip_requested():
        print(f"browser tests: skipped ({SKIP_ENV} is set)", file=sys.stderr)
        return 0
    found = ensure_chromium()
    if found is None:
        print(f"make test: {HOW_TO_GET_ONE}", file=sys.stderr)
        return 1
    print(f"browser tests: Chromium at {found}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
