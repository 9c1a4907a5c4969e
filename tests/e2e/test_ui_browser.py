"""The UI in a real headless Chromium against the real backend (and a scripted ReAct model).

Covers: create a chat, ask, watch the answer stream in with tool steps and result cards, rename
and delete the chat, stop a run, reload mid-run and see the answer finish. Screenshots of each
state go to test-artifacts/ui/. They never skip for want of a browser (`tests/conftest.py`):
only SKIP_BROWSER_TESTS=1 skips them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import playwright.sync_api as playwright_api
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.ui_browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    FAST_ANSWER,
    ROOT,
    chromium_path,
    react_reply,
    running_stack,
)

CHROMIUM = chromium_path()
pytestmark = [pytest.mark.browser]
expect = playwright_api.expect

WAIT_MS = 30_000
expect.set_options(timeout=15_000)  # 2 shared cores: a rerun can take seconds under load


@dataclass
class Stack:
    ui_url: str
    api_url: str
    model: FakeOpenAIServer


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The backend's LLM is a scripted ReAct model on 127.0.0.1, so runs can be made slow."""
    tmp = tmp_path_factory.mktemp("ui_browser")
    with FakeOpenAIServer() as model:
        model.responder = react_reply
        env = {"LLM_PROVIDER": "openai", "OPENAI_BASE_URL": model.base_url}
        with running_stack(tmp, **env) as (api_url, ui_url):
            yield Stack(ui_url=ui_url, api_url=api_url, model=model)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def open_page(browser, url: str, **options):
    options.setdefault("viewport", {"width": 1280, "height": 1500})
    options.setdefault("color_scheme", "dark")  # the brand theme; the light one has its own test
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    expect(sidebar(page).get_by_role("button", name="New chat", exact=True)).to_be_visible()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, stack: Stack):
    with open_page(browser, stack.ui_url) as page:
        yield page


def shot(page, name: str, docs: str | None = None) -> None:
    """A screenshot in test-artifacts/ui/; with UPDATE_DOCS_SCREENSHOTS=1 also docs/<docs>, the
    README's pictures (regenerate them with that variable and these tests)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let charts and the table finish drawing
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    if docs and os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        shutil.copyfile(ARTIFACTS / f"{name}.png", ROOT / "docs" / docs)


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def opened_new_chat(page):
    """The row of the new, empty chat (tests leave no other empty chat behind)."""
    return sidebar(page).get_by_role("button", name=re.compile(r"(^|· )New chat · 0$"))


def new_chat_and_ask(page, question: str) -> None:
    sidebar(page).get_by_role("button", name="New chat", exact=True).click()
    expect(opened_new_chat(page)).to_be_visible()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    # The page shows the question before it starts the run: wait for it, not for stale content.
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text(question)


def answer(page):
    return page.get_by_test_id("stChatMessage").last


def stored_messages(stack: Stack) -> list[dict]:
    session = httpx.get(f"{stack.api_url}/api/v1/sessions").json()["sessions"][0]  # the newest
    url = f"{stack.api_url}/api/v1/session/{session['session_id']}/messages"
    return httpx.get(url).json()["messages"]


def choose_from_menu(page, action: str) -> None:
    """Opens the first chat's menu and picks `action`; a rerun landing mid-click can close the
    menu, so retry (bounded)."""
    item = page.get_by_role("menuitem", name=action)
    for _ in range(3):
        page.keyboard.press("Escape")
        sidebar(page).locator("[class*='st-key-menu_'] button").first.click()
        try:
            expect(item).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            continue
    item.click()


def test_ask_stream_cards_rename_delete(page, stack: Stack):
    shot(page, "01-empty-chat")
    new_chat_and_ask(page, "Tell me about the Alien films")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_enabled()
    expect(answer(page).get_by_text("Used 1 tool")).to_be_visible()  # steps, then collapsed
    # Evidence follows the answer: one tile for the film it names, the other hits in the steps.
    expect(answer(page).locator(".ma-tile")).to_have_count(1)
    expect(answer(page).get_by_role("img", name="No poster: Alien (1979)")).to_be_visible()
    expect(answer(page).get_by_text(re.compile(r"critics \d\.\d/10"))).to_be_visible()
    answer(page).get_by_text("Used 1 tool").click()
    expect(answer(page).get_by_text(re.compile(r"^Also found: .*Aliens \(1986\)"))).to_be_visible()
    expect(page.get_by_text(re.compile("Wikidata contributors"))).to_be_visible()
    answer(page).get_by_text("Used 1 tool").scroll_into_view_if_needed()
    shot(page, "02-answer-with-cards")

    answer(page).get_by_label("Thumbs up").click()
    expect(page.get_by_text("Thanks for the feedback!")).to_be_visible()
    assert stored_messages(stack)[-1]["feedback"] == "up"

    choose_from_menu(page, "Rename")
    title = sidebar(page).get_by_role("textbox", name="Chat title")
    expect(title).to_be_focused()  # renamed in place, straight from the keyboard
    title.fill("Alien night")
    title.press("Enter")
    expect(
        sidebar(page).get_by_role("button", name=re.compile(r"^Alien night · 2"))
    ).to_be_visible()
    shot(page, "03-renamed")

    choose_from_menu(page, "Delete…")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("“Alien night” and its 2 messages will be deleted.")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(sidebar(page).get_by_role("button", name=re.compile("^Alien night"))).to_be_visible()

    choose_from_menu(page, "Delete…")
    shot(page, "04-delete-confirmation")
    page.get_by_role("dialog").get_by_role("button", name="Delete", exact=True).click()
    expect(sidebar(page).get_by_role("button", name=re.compile("^Alien night"))).to_have_count(0)
    expect(page.get_by_text("What shall we dig into tonight?")).to_be_visible()


def test_stop_keeps_the_partial_answer(page, stack: Stack):
    new_chat_and_ask(page, "Answer slowly please")
    expect(answer(page)).to_contain_text("word3")
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_enabled()  # the next can be drafted
    shot(page, "05-streaming")
    answer(page).get_by_role("button", name="Stop").click()
    expect(page.get_by_text("Stopped: this answer is partial.")).to_be_visible()
    expect(page.get_by_text("THE-END.")).to_have_count(0)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_enabled()
    shot(page, "06-stopped")


def test_reload_mid_run_rejoins_and_finishes(page, stack: Stack):
    new_chat_and_ask(page, "Tell it slowly")
    expect(answer(page)).to_contain_text("word3")
    page.reload()
    expect(answer(page)).to_contain_text("THE-END.", timeout=WAIT_MS)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_enabled()
    text = answer(page).inner_text()
    assert text.count("word1 ") == 1  # joined once: the replay did not duplicate the answer
    shot(page, "07-rejoined-after-reload")


def test_offline_defaults_answer_a_suggestion_with_cards(browser, tmp_path):
    """No keys, no fakes: the offline analyst and the bundled film table answer."""
    with running_stack(tmp_path) as (_, ui_url), open_page(browser, ui_url) as page:
        page.get_by_role("button", name="Films by Alfred Hitchcock in the 1950s").click()
        expect(answer(page)).to_contain_text("Rear Window")
        # Focus was on the suggestion's button; after the answer it is back in the chat box.
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_focused()
        # Many named films: their tiles start collapsed below the answer, in its order.
        answer(page).get_by_text(re.compile(r"^\d+ titles in this answer$")).click()
        vertigo = answer(page).locator(".ma-tile").filter(has_text="Vertigo")
        expect(vertigo).to_contain_text(re.compile(r"1958 · critics \d\.\d/10"))
        answer(page).get_by_text(re.compile(r"^Compare these \d+ titles$")).click()
        expect(answer(page).get_by_test_id("stVegaLiteChart").first).to_be_visible()
        expect(answer(page).locator("table.ma-compare")).to_be_visible()
        expect(page.get_by_text(re.compile("Wikidata contributors"))).to_be_visible()
        answer(page).get_by_text(re.compile(r"Used \d tools?")).scroll_into_view_if_needed()
        shot(page, "08-offline-defaults", docs="screenshot.png")
        # Money as people read it, an unknown as a dash, steps naming titles, not "movie #2943".
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("Compare Psycho and Rebecca")
        box.press("Enter")
        expect(answer(page)).to_contain_text("Comparing Psycho (1960) and Rebecca (1940)")
        expect(answer(page).get_by_role("button", name="Copy answer")).to_be_visible()
        answer(page).get_by_text(re.compile(r"^Compare these \d+ titles$")).click()
        table = answer(page).locator("table.ma-compare")
        psycho = table.get_by_role("row", name=re.compile(r"^Psycho \(1960\) .* \$50\.0M$"))
        expect(psycho).to_be_visible()
        rebecca = table.get_by_role("row", name=re.compile(r"^Rebecca \(1940\) .* —$"))
        expect(rebecca).to_be_visible()
        answer(page).get_by_text(re.compile(r"^Used \d tools$")).click()
        named = answer(page).get_by_text(re.compile(r"details of “Psycho” \(1960\)"))
        expect(named.first).to_be_visible()
        expect(answer(page).get_by_text(re.compile(r"#\d+"))).to_have_count(0)
        shot(page, "08b-offline-compare")


def test_keyboard_only_ask_answer_ask_again_and_draft_during_a_run(page, stack: Stack):
    """Type, Enter, answer, type again: never a click, never a Tab back to the box."""
    box = page.get_by_test_id("stChatInputTextArea")
    sidebar(page).get_by_role("button", name="New chat", exact=True).click()
    expect(opened_new_chat(page)).to_be_visible()
    expect(box).to_be_focused()
    page.keyboard.type("Tell me about Alien")
    page.keyboard.press("Enter")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    expect(box).to_be_focused()
    page.keyboard.type("Now answer slowly")
    page.keyboard.press("Enter")
    expect(answer(page)).to_contain_text("word3")
    expect(box).to_be_enabled()  # drafting the next question while this one runs
    page.keyboard.type("And the sequel?")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Queued: “And the sequel?”")).to_be_visible()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(6, timeout=60_000)
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    asked = [m["content"] for m in stored_messages(stack) if m["role"] == "user"]
    assert asked == ["Tell me about Alien", "Now answer slowly", "And the sequel?"]
    expect(box).to_be_focused()
    shot(page, "09-keyboard-only")


def test_copy_regenerate_and_edit_keep_the_conversation_in_order(browser, stack: Stack):
    clipboard = ["clipboard-read", "clipboard-write"]
    with open_page(browser, stack.ui_url, permissions=clipboard) as page:
        new_chat_and_ask(page, "Tell me about Alien")
        expect(answer(page)).to_contain_text(FAST_ANSWER)
        copy = answer(page).get_by_role("button", name="Copy answer")
        copy.click()
        expect(copy).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == FAST_ANSWER

        answer(page).get_by_role("button", name=re.compile("Regenerate")).click()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(4)
        expect(answer(page)).to_contain_text(FAST_ANSWER)
        # Offered again only once the run has settled: a click before that hits a stale page.
        expect(answer(page).get_by_role("button", name=re.compile("Regenerate"))).to_be_visible()

        last_question = page.get_by_test_id("stChatMessage").nth(2)
        last_question.get_by_role("button", name=re.compile("Edit")).click()
        box = page.get_by_role("textbox", name="Edit your question")
        expect(box).to_be_focused()
        box.fill("Tell me about Aliens")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(6)
        expect(answer(page)).to_contain_text(FAST_ANSWER)
        expect(answer(page).get_by_role("button", name=re.compile("Regenerate"))).to_be_visible()
        shot(page, "10-regenerated-and-edited")
        stored = [(m["role"], m["content"]) for m in stored_messages(stack)]
        assert [role for role, _ in stored] == ["user", "assistant"] * 3
        assert [text for role, text in stored if role == "user"] == [
            "Tell me about Alien",
            "Tell me about Alien",
            "Tell me about Aliens",
        ]


def test_an_upstream_failure_is_one_message_with_retry(page, stack: Stack):
    stack.model.responder = lambda request: Reply.http_error(503)
    try:
        new_chat_and_ask(page, "Who directed Jaws?")
        failure = answer(page).get_by_text(re.compile("^The model service is unavailable"))
        expect(failure).to_be_visible(timeout=60_000)  # after the gateway's own retries
    finally:
        stack.model.responder = react_reply
    expect(page.get_by_text(re.compile("unavailable"))).to_have_count(1)  # no banner as well
    expect(page.get_by_text(re.compile("Stopped"))).to_have_count(0)  # nobody pressed Stop
    expect(answer(page).get_by_role("button", name="Copy answer")).to_have_count(0)
    expect(answer(page).get_by_label("Thumbs up")).to_have_count(0)
    shot(page, "11-upstream-failure")
    answer(page).get_by_role("button", name=re.compile("Retry")).click()
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    expect(page.get_by_test_id("stChatMessage")).to_have_count(4)


def test_search_finds_a_conversation_and_chats_are_grouped_by_date(page, stack: Stack):
    new_chat_and_ask(page, "Tell me about the Nostromo crew")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    expect(sidebar(page).get_by_text("Today", exact=True)).to_be_visible()
    search = sidebar(page).get_by_role("searchbox", name="Search conversations")
    search.fill("nostromo")
    search.press("Enter")
    found = sidebar(page).locator("[class*='st-key-found_'] button")
    expect(found).to_have_count(1)
    expect(found).to_have_text("Tell me about the Nostromo crew")
    shot(page, "12-search")
    found.click()
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text("Nostromo crew")


def test_export_a_chat_then_import_it_back(page, stack: Stack, tmp_path):
    new_chat_and_ask(page, "Tell me about the Sulaco")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    choose_from_menu(page, "Export…")
    dialog = page.get_by_role("dialog", name="Export this conversation")
    with page.expect_download() as download:
        dialog.get_by_role("button", name=re.compile("JSON")).click()
    saved = tmp_path / "chat.json"
    download.value.save_as(saved)
    archive = json.loads(saved.read_text())
    assert archive["title"] == "Tell me about the Sulaco"
    assert [m["role"] for m in archive["messages"]] == ["user", "assistant"]
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    sidebar(page).get_by_text("Import a chat").click()
    sidebar(page).locator("input[type='file']").set_input_files(saved)
    twins = sidebar(page).get_by_role("button", name=re.compile(r"Tell me about the Sulaco · 2$"))
    expect(twins).to_have_count(2)  # the import is a new chat beside the original
    expect(page.get_by_test_id("stChatMessage")).to_have_count(2)


def test_each_tab_keeps_its_own_chat(page, stack: Stack):
    new_chat_and_ask(page, "Tell me about the tab of Alien")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    other = page.context.new_page()  # a second tab of the same browser
    other.goto(stack.ui_url)
    expect(other.get_by_text("What shall we dig into tonight?")).to_be_visible()
    expect(other.get_by_test_id("stChatMessage")).to_have_count(0)
    page.reload()  # the first tab's URL still names its chat
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text("tab of Alien")


def serious_violations(page) -> list[str]:
    """axe-core's WCAG A/AA rules on the page as it stands; only serious and critical count."""
    options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_main_screens_pass_an_axe_scan_and_controls_have_names(page, stack: Stack):
    assert serious_violations(page) == []  # the empty chat with its suggestions
    new_chat_and_ask(page, "Tell me about Alien, accessibly")
    expect(answer(page)).to_contain_text(FAST_ANSWER)
    expect(answer(page).get_by_role("button", name="Copy answer")).to_be_visible()
    expect(answer(page).get_by_role("button", name=re.compile("^Regenerate"))).to_be_visible()
    expect(answer(page).get_by_role("img", name="No poster: Alien (1979)")).to_be_visible()
    row_menu = sidebar(page).get_by_role(
        "button", name=re.compile(r"^Chat options: Tell me about Alien, accessibly")
    )
    expect(row_menu).to_be_visible()  # was read as "more_vert icon"
    assert serious_violations(page) == []  # an answer with its tiles, actions and sidebar
    choose_from_menu(page, "Delete…")
    dialog = page.get_by_role("dialog", name="Delete this conversation?")
    expect(dialog).to_be_visible()
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Delete", exact=True).click()
    expect(dialog).to_have_count(0)


def on_one_row(page, first, second, seconds: float = 15) -> bool:
    """Polls (bounded) while the sidebar slides in or a rerun settles, until both share a row."""
    for _ in range(int(seconds * 10)):
        a, b = first.bounding_box(), second.bounding_box()
        if a and b and abs(a["y"] + a["height"] / 2 - b["y"] - b["height"] / 2) < 16:
            return True
        page.wait_for_timeout(100)
    return False


def test_phone_layout_keeps_rows_whole_and_closes_the_sidebar(browser, stack: Stack):
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
    with open_page(browser, stack.ui_url, **phone) as page:
        page.get_by_role("button", name="Films by Alfred Hitchcock in the 1950s").click()
        expect(answer(page)).to_contain_text(FAST_ANSWER)  # the scripted model's answer
        expect(answer(page).get_by_role("button", name="Copy answer")).to_be_visible()
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]  # nothing cut off or scrolled sideways
        copy = answer(page).get_by_role("button", name="Copy answer")
        thumbs = answer(page).get_by_label("Thumbs up")
        assert on_one_row(page, copy, thumbs)
        shot(page, "13-phone-answer")
        bar = sidebar(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(bar).to_have_attribute("data-collapsed", "false")
        hitchcock = re.compile(r"Films by Alfred Hitchcock in the 1950s · ")
        row = bar.get_by_role("button", name=hitchcock)
        menu = bar.get_by_role("button", name=re.compile(r"^Chat options: Films by"))
        assert on_one_row(page, row, menu)  # the menu stays on its row
        shot(page, "14-phone-sidebar")
        bar.get_by_role("button", name="New chat", exact=True).click()
        expect(bar).to_have_attribute("data-collapsed", "true")  # the chat is visible again
        expect(page.get_by_text("What shall we dig into tonight?")).to_be_visible()


def test_a_light_theme_follows_the_browser_and_passes_the_scan(browser, stack: Stack):
    with open_page(browser, stack.ui_url, color_scheme="light") as page:
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        assert background == "rgb(255, 251, 243)"  # the light theme of config.toml
        page.locator("#stMain").get_by_role("button", name="Who directed The Godfather?").click()
        expect(answer(page)).to_contain_text(FAST_ANSWER)
        expect(answer(page).get_by_role("button", name="Copy answer")).to_be_visible()
        shot(page, "15-light-theme")
        assert serious_violations(page) == []
