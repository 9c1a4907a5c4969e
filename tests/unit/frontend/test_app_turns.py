"""Copy, Regenerate and Edit & resend: each new run lands at the end, in strict order."""

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]


def opened(app: OpenTab, backend: FakeBackend, turns: list[tuple[str, str]]) -> tuple[AppTest, str]:
    sid = backend.add_session("Q", turns)
    at = app()
    return at.button(key=f"open_{sid}").click().run(), sid


def copy_buttons(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "Copy answer" in h.proto.body]


def test_every_answer_has_a_one_click_copy_of_its_markdown(app: OpenTab, backend: FakeBackend):
    at, _ = opened(app, backend, [("user", "Q?"), ("assistant", '**Heat** (1995) & "Ronin"')])
    (button,) = copy_buttons(at)
    assert 'aria-label="Copy answer"' in button
    assert 'data-text="**Heat** (1995) &amp; &quot;Ronin&quot;"' in button
    assert "navigator.clipboard.writeText" in "".join(h.proto.body for h in at.get("html"))
    assert not at.code  # no popover of raw markdown over the input any more


def test_regenerate_only_on_the_last_answer_asks_again_at_the_end(
    app: OpenTab, backend: FakeBackend
):
    turns = [("user", "First?"), ("assistant", "One."), ("user", "Second?"), ("assistant", "Two.")]
    at, sid = opened(app, backend, turns)
    regenerate = [b for b in at.button if b.key.startswith("regenerate_")]
    assert [b.key for b in regenerate] == [f"regenerate_{backend.messages[sid][3]['id']}"]
    regenerate[0].click().run()
    assert [c["message"] for c in backend.calls("POST", "/api/v1/chat")] == ["Second?"]
    roles = [(m["role"], m["content"]) for m in backend.messages[sid]]
    assert roles[:4] == turns and roles[4][0] == "user" and roles[5][0] == "assistant"
    assert roles[4][1] == "Second?"  # the new run follows everything before it


def test_edit_and_resend_sends_the_edited_question_as_a_new_turn(
    app: OpenTab, backend: FakeBackend
):
    at, sid = opened(app, backend, [("user", "Films by Villenueve?"), ("assistant", "Which?")])
    question_id = backend.messages[sid][0]["id"]
    at.button(key=f"edit_{question_id}").click().run()
    box = at.text_area(key=f"edited_{question_id}")
    assert box.value == "Films by Villenueve?"
    box.set_value("Films by Villeneuve?")
    at = at.button(key=f"send_edited_{question_id}").click().run()
    assert [c["message"] for c in backend.calls("POST", "/api/v1/chat")] == ["Films by Villeneuve?"]
    assert [m["content"] for m in backend.messages[sid]][:3] == [
        "Films by Villenueve?",
        "Which?",
        "Films by Villeneuve?",
    ]
    assert not at.text_area


def test_edit_cancel_sends_nothing(app: OpenTab, backend: FakeBackend):
    at, sid = opened(app, backend, [("user", "Q?"), ("assistant", "A.")])
    question_id = backend.messages[sid][0]["id"]
    at.button(key=f"edit_{question_id}").click().run()
    at = at.button(key=f"cancel_edited_{question_id}").click().run()
    assert backend.calls("POST", "/api/v1/chat") == []
    assert not at.text_area


def test_no_regenerate_or_edit_while_a_run_is_active(app: OpenTab, backend: FakeBackend):
    at, sid = opened(app, backend, [("user", "Q?"), ("assistant", "A."), ("user", "Next?")])
    backend.running[sid] = "run-live"
    at.run()
    assert not [b for b in at.button if b.key.startswith(("regenerate_", "edit_"))]
