"""Signing in to the UI in a real headless Chromium, against the real backend in AUTH_MODE=users:
the key prompt, the user's name in the sidebar, a question answered, Sign out back to the
prompt; the key reaches neither the backend's log nor the UI's."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from tests.support.cli import CLI
from tests.support.ui_browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    chromium_path,
    clean_env,
    running_stack,
)

pytestmark = [pytest.mark.browser]
expect = playwright_api.expect
expect.set_options(timeout=15_000)

SECRET = "ui-sign-in-secret-0123456789abcdef"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    auth = {"AUTH_MODE": "users", "AUTH_SECRET": SECRET, "LLM_PROVIDER": "offline"}
    with running_stack(tmp_path, **auth) as (_api, ui_url):
        made = subprocess.run(
            [*CLI, "users", "add", "alice"],
            env=clean_env(DATABASE_PATH=str(tmp_path / "chat.db"), **auth),
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        yield made.stdout.strip(), ui_url, tmp_path


def test_sign_in_ask_and_sign_out(stack: tuple[str, str, Path]) -> None:
    key, ui_url, logs = stack
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(ui_url)
            field = page.get_by_label("Your API key", exact=True)
            field.fill("ma_wrong_key")
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_text("That key was not accepted")).to_be_visible()
            field.fill(key)
            page.get_by_role("button", name="Sign in").click()
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Signed in as alice")).to_be_visible()
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("Who directed Jaws?")
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").last
            expect(answer).to_contain_text("Spielberg", timeout=60_000)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "signed-in.png"))
            assert key not in page.url
            sidebar.get_by_role("button", name="Sign out").click()
            expect(page.get_by_label("Your API key", exact=True)).to_be_visible()
            expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)
        finally:
            chromium.close()
    for log in ("backend.log", "streamlit.log"):
        text = (logs / log).read_text(errors="replace")
        assert key not in text and key[-43:] not in text, log
