"""Signing in (AUTH_MODE=users): a key prompt before anything else, the name in the sidebar,
Sign out, and a refused key back at the prompt; with a proxy only the name. The key stays in
the tab's session (never the settings file or the URL)."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.frontend import APP_SCRIPT, FakeBackend
from tests.support.frontend_auth import ALICE_KEY, SignedInBackend

OpenTab = Callable[[], AppTest]


@pytest.fixture
def guarded(backend: FakeBackend) -> SignedInBackend:
    return SignedInBackend(backend)


@pytest.fixture
def tab(guarded: SignedInBackend, settings_path: Path) -> OpenTab:
    def open_tab() -> AppTest:
        at = AppTest.from_file(str(APP_SCRIPT), default_timeout=30)
        at.session_state["api"] = guarded.client()
        return at.run()

    return open_tab


def _sign_in(at: AppTest, key: str) -> AppTest:
    at.text_input(key="api_key_field").input(key)
    return at.button[0].click().run()  # the form's Sign in


def _account(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption if "Signed in" in c.value]


def test_users_mode_asks_for_a_key_before_showing_any_chat(
    tab: OpenTab, guarded: SignedInBackend, backend: FakeBackend
) -> None:
    backend.add_session("Alice's chat")
    at = tab()
    assert not at.exception
    assert at.text_input(key="api_key_field").label == "Your API key"
    assert not at.chat_input and not at.sidebar.button, "nothing else until signed in"
    assert backend.calls("GET", "/api/v1/sessions") == []


def test_a_key_signs_in_shows_the_name_and_sign_out_forgets_it(
    tab: OpenTab, guarded: SignedInBackend, backend: FakeBackend, settings_path: Path
) -> None:
    backend.add_session("Alice's chat")
    at = _sign_in(tab(), ALICE_KEY)
    assert not at.exception
    assert _account(at) == [":material/person: Signed in as **alice**"]
    assert at.chat_input, "the chat is open"
    at.chat_input[0].set_value("Who directed Heat?").run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert set(guarded.presented) == {ALICE_KEY}, "every call carried the key"
    assert ALICE_KEY not in str(at.query_params)
    assert not settings_path.exists() or ALICE_KEY not in settings_path.read_text()

    at.sidebar.button(key="sign_out").click().run()
    assert at.text_input(key="api_key_field").value == ""
    assert not at.chat_input and "signed_in_user" not in at.session_state
    assert ALICE_KEY not in repr(at.session_state["api"]._http.headers)


def test_a_wrong_key_is_refused_with_a_clear_message(tab: OpenTab) -> None:
    at = _sign_in(tab(), "ma_not_a_real_key")
    assert "That key was not accepted" in at.error[0].value
    assert at.text_input(key="api_key_field")  # still asking


def test_a_key_revoked_meanwhile_leads_back_to_the_prompt(
    tab: OpenTab, guarded: SignedInBackend
) -> None:
    at = _sign_in(tab(), ALICE_KEY)
    assert _account(at)
    guarded.keys.clear()  # rotated or removed by an admin
    at.sidebar.button(key="new_chat").click().run()
    assert not at.exception
    assert at.text_input(key="api_key_field")
    assert "no longer accepts your API key" in at.warning[0].value


def test_proxy_mode_shows_the_name_and_asks_for_nothing(
    guarded: SignedInBackend, backend: FakeBackend, settings_path: Path
) -> None:
    guarded.mode = "proxy"
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=30)
    at.session_state["api"] = guarded.client()
    at.run()
    assert not at.exception
    assert _account(at) == [":material/person: Signed in as **alice**"]
    assert not [b for b in at.sidebar.button if b.key == "sign_out"]
    assert at.chat_input


def test_without_auth_nobody_is_named(app: OpenTab) -> None:
    at = app()
    assert not at.exception and _account(at) == [] and at.chat_input
