"""Export a chat from its menu (JSON and Markdown) and import one from a file."""

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]


def test_export_offers_json_and_markdown_of_the_chat(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Heat: night/day", [("user", "Who?"), ("assistant", "Mann.")])
    at = app()
    at.menu_button(key=f"menu_{sid}").click("export").run()
    assert not at.exception
    asked = [p for m, p, _ in backend.requests if p.endswith("/export")]
    assert asked == [f"/api/v1/session/{sid}/export"] * 2
    labels = {b.key: b.label for b in at.download_button}
    assert labels == {"export_json": "JSON", "export_md": "Markdown"}


def test_an_exported_chat_imports_as_a_new_one_and_opens(app: OpenTab, backend: FakeBackend):
    archive = {"format_version": 1, "title": "Imported night", "messages": [
        {"role": "user", "content": "Best heist film?"}, {"role": "assistant", "content": "Heat."},
    ]}  # fmt: skip
    at = app()
    (uploader,) = at.file_uploader
    at = uploader.upload("chat.json", json.dumps(archive).encode(), "application/json").run()
    assert not at.exception
    (sid,) = backend.sessions
    assert backend.calls("POST", "/api/v1/sessions/import")[0]["title"] == "Imported night"
    assert at.session_state["active_session"] == sid
    assert [m.markdown[0].value for m in at.chat_message] == ["Best heist film?", "Heat."]
    at.run()
    assert len(backend.calls("POST", "/api/v1/sessions/import")) == 1  # not imported twice


def test_a_file_that_is_not_an_export_is_refused_clearly(app: OpenTab, backend: FakeBackend):
    at = app()
    at = at.file_uploader[0].upload("notes.json", b"{not json", "application/json").run()
    assert "is not a chat export" in at.error[0].value
    assert backend.calls("POST", "/api/v1/sessions/import") == []
