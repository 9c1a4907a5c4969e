"""The sidebar: conversations (open, new, rename, delete), model list, streaming, credits."""

import json
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.frontend import APP_SCRIPT, FakeBackend

OpenTab = Callable[[], AppTest]


def sidebar_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.sidebar.button if b.key and b.key.startswith("open_")]


def test_lists_conversations_with_counts_and_opens_one(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session(
        "Heat night", [("user", "Who directed Heat?"), ("assistant", "Mann.")]
    )
    backend.add_session("Empty")
    at = app()
    assert not at.exception
    assert sidebar_labels(at) == ["Empty · 0", "Heat night · 2"]
    at.button(key=f"open_{sid}").click().run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[1].markdown[0].value == "Mann."
    assert at.header[0].value == "Heat night"


def test_new_chat_creates_and_selects_a_session_in_this_tab_only(
    app: OpenTab, backend: FakeBackend, settings_path
):
    at = app()
    assert sidebar_labels(at) == []
    at.button(key="new_chat").click().run()
    (sid,) = backend.sessions
    assert sidebar_labels(at) == ["New chat · 0"]
    assert at.session_state["active_session"] == sid
    assert at.query_params["chat"] == sid  # the tab's URL: a reload keeps it
    assert not settings_path.exists() or "active_session" not in settings_path.read_text()
    other = app()  # another tab does not take over this tab's chat
    assert other.session_state["active_session"] is None
    assert other.header[0].value == "New chat"


def test_a_tab_opened_on_a_chat_url_shows_that_chat(app: OpenTab, backend: FakeBackend):
    backend.add_session("First")
    second = backend.add_session("Second", [("user", "Hi"), ("assistant", "Hello.")])
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=30)
    at.session_state["api"] = backend.client()
    at.query_params["chat"] = second
    at.run()
    assert at.header[0].value == "Second"
    assert [m.name for m in at.chat_message] == ["user", "assistant"]


def rename(at: AppTest, sid: str, title: str, *, button: str = "save") -> AppTest:
    at.menu_button(key=f"menu_{sid}").click("rename").run()  # the row becomes its title field
    at.text_input(key=f"rename_{sid}").set_value(title)
    return at.button(key=f"{button}_rename_{sid}").click().run()


def test_rename_inline_patches_the_title(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Old name")
    at = app()
    at.menu_button(key=f"menu_{sid}").click("rename").run()
    assert at.text_input(key=f"rename_{sid}").value == "Old name"
    assert not sidebar_labels(at)  # the row itself is now the title field
    at.text_input(key=f"rename_{sid}").set_value("Villeneuve deep dive")
    at = at.button(key=f"save_rename_{sid}").click().run()
    assert backend.calls("PATCH", f"/api/v1/session/{sid}") == [{"title": "Villeneuve deep dive"}]
    assert sidebar_labels(at) == ["Villeneuve deep dive · 0"]


def test_rename_cancel_keeps_the_title(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Keep me")
    at = rename(app(), sid, "Something else", button="cancel")
    assert backend.calls("PATCH", "/api/v1/session") == []
    assert sidebar_labels(at) == ["Keep me · 0"]


def test_rename_to_blank_is_refused_with_a_message(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Keep me")
    at = rename(app(), sid, "   ")
    assert backend.calls("PATCH", "/api/v1/session") == []
    assert "can't be empty" in at.warning[0].value


def test_delete_asks_first_and_cancel_keeps_the_chat(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Precious", [("user", "hello"), ("assistant", "hi")])
    at = app()
    at.menu_button(key=f"menu_{sid}").click("delete").run()
    assert list(backend.sessions) == [sid]  # nothing deleted yet
    assert "“Precious” and its 2 messages will be deleted." in [m.value for m in at.markdown]
    at.button(key="cancel_delete").click().run()
    assert list(backend.sessions) == [sid]
    assert not [b for b in at.button if b.key == "confirm_delete"]


def test_delete_confirmed_removes_the_active_chat(app: OpenTab, backend: FakeBackend):
    keep = backend.add_session("Keep")
    drop = backend.add_session("Drop", [("user", "hello")])
    at = app()
    at.button(key=f"open_{drop}").click().run()
    at.menu_button(key=f"menu_{drop}").click("delete").run()
    at.button(key="confirm_delete").click().run()
    assert list(backend.sessions) == [keep]
    assert sidebar_labels(at) == ["Keep · 0"]
    assert at.session_state["active_session"] is None
    assert not at.chat_message


def test_model_list_comes_from_the_backend_and_is_remembered(
    app: OpenTab, backend: FakeBackend, settings_path
):
    at = app()
    model = at.selectbox(key="model")
    assert model.options == ["Offline scripted", "GPT-5"]  # names that fit the sidebar
    assert model.value == "offline"
    assert "Provider: offline" in [c.value for c in at.sidebar.caption]
    model.select("gpt-5").run()
    assert json.loads(Path(settings_path).read_text())["model"] == "gpt-5"
    assert app().selectbox(key="model").value == "gpt-5"  # a new tab starts from the file


def test_missing_model_list_leaves_the_server_default(app: OpenTab, backend: FakeBackend):
    backend.failures["GET /api/v1/models"] = (503, {"error": "storage_unavailable"})
    at = app()
    assert not at.exception
    assert not at.selectbox
    assert any("Model list unavailable" in c.value for c in at.sidebar.caption)


def test_streaming_toggle_is_remembered(app: OpenTab, settings_path):
    at = app()
    assert at.toggle(key="streaming").value is True
    at.toggle(key="streaming").set_value(False).run()
    assert json.loads(Path(settings_path).read_text())["streaming"] is False
    assert app().toggle(key="streaming").value is False


def test_credits_follow_the_catalog(app: OpenTab, backend: FakeBackend):
    captions = [c.value for c in app().sidebar.caption]
    assert any("Wikidata contributors (CC0)" in c for c in captions)
    backend.catalog = "tmdb"
    captions = [c.value for c in app().sidebar.caption]
    assert any("not endorsed or certified by TMDB" in c for c in captions)
    assert any("TVmaze" in c for c in captions)


def test_the_servers_attribution_text_wins(app: OpenTab, backend: FakeBackend):
    backend.attribution = "Data from Example Films, CC BY 4.0."
    captions = [c.value for c in app().sidebar.caption]
    assert "Data from Example Films, CC BY 4.0." in captions


def test_a_long_chat_list_shows_the_newest_until_asked_for_all(app: OpenTab, backend: FakeBackend):
    oldest = backend.add_session("Oldest")
    for i in range(40):
        backend.add_session(f"Chat {i}")
    at = app()
    assert len(sidebar_labels(at)) == 30
    at.session_state["active_session"] = oldest  # an old chat stays listed while it is open
    at.run()
    assert sidebar_labels(at)[-1] == "Oldest · 0"
    at.button(key="show_all_chats_button").click().run()
    assert len(sidebar_labels(at)) == 41


def test_a_chats_menu_button_is_named_after_the_chat(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Alien *night*")
    at = app()
    assert at.menu_button(key=f"menu_{sid}").label == r"Chat options: Alien \*night\*"
