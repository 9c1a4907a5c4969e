"""Helpers for the UI's browser tests: the real backend and Streamlit as child processes, a
scripted ReAct model for the backend, and Debian's Chromium driven by Playwright.

Nothing downloads here: the browser is the one `tests.support.chromium` finds, and every server
is on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.loopback import RecordedRequest
from tests.support.chromium import find_chromium

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SLOW_WORD = "slowly"
SLOW_ANSWER = " ".join(f"word{i}" for i in range(1, 70)) + " THE-END."
FAST_ANSWER = "Alien (1979) started it all; the catalog lists the whole Alien family below."
COMPARE_WORD = "compare"
# Names six of the search's hits: their tiles collapse (more than four), a chart and a table
# compare them, and the longest title leaves a phone's chart little room for its bars.
COMPARE_ANSWER = (
    "Side by side: Alien (1979), Aliens (1986), Alien 3 (1992), Alien Resurrection (1997), "
    "Alien vs. Predator (2004) and Aliens vs. Predator: Requiem (2007)."
)


def chromium_path() -> str | None:
    return find_chromium()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def react_reply(request: RecordedRequest) -> Reply:
    """A tiny ReAct model: search the catalog, then answer; answer slowly when asked 'slowly'."""
    messages = request.body.get("messages", []) if isinstance(request.body, dict) else []
    last = str(messages[-1].get("content", "")) if messages else ""
    question = next(
        (
            str(m.get("content", ""))
            for m in reversed(messages)
            if m.get("role") == "user" and "Observation" not in str(m.get("content", ""))
        ),
        "",
    )
    if SLOW_WORD in question and "Observation" not in last:
        return Reply(text=f"Thought: I can answer.\nAnswer: {SLOW_ANSWER}", token_delay=0.12)
    if "Observation" in last:
        said = COMPARE_ANSWER if COMPARE_WORD in question.lower() else FAST_ANSWER
        return Reply(text=f"Thought: I can answer now.\nAnswer: {said}", token_delay=0.01)
    return Reply(
        text="Thought: I should search the catalog.\nAction: search_media\n"
        'Action Input: {"query": "Alien"}'
    )


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A child process in its own group, always terminated (then killed) on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield proc
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} not healthy after {timeout} s:\n{log.read_text()[-3000:]}")


def backend_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "movie_analyst.entrypoints.http.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def ui_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "src" / "movie_analyst_ui" / "app.py"),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]


@contextmanager
def running_stack(tmp: Path, **backend_env: str) -> Iterator[tuple[str, str]]:
    """The backend (tmp DATABASE_PATH, offline catalog) and the UI; yields (api_url, ui_url)."""
    api_port, ui_port = free_port(), free_port()
    api_url, ui_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{ui_port}"
    api_env = clean_env(
        DATABASE_PATH=str(tmp / "chat.db"),
        MEDIA_CATALOG="offline",
        LOG_FORMAT="text",
        **backend_env,
    )
    ui_env = clean_env(BACKEND_URL=api_url, UI_SETTINGS_PATH=str(tmp / "ui.json"))
    api_log, ui_log = tmp / "backend.log", tmp / "streamlit.log"
    with (
        process(backend_command(api_port), api_env, api_log) as api,
        process(ui_command(ui_port), ui_env, ui_log) as ui,
    ):
        wait_healthy(f"{api_url}/health", api, api_log)
        wait_healthy(f"{ui_url}/_stcore/health", ui, ui_log)
        yield api_url, ui_url


def clean_env(**extra: str) -> dict[str, str]:
    """The parent's environment without keys that would reach real services."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_API_KEY", "_AUTH_TOKEN")) and k not in {"OPENAI_BASE_URL"}
    }
    env.update(extra)
    return env
