"""Failures shown as short human messages, with the app still usable afterwards."""

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]


def test_backend_down_says_so_and_recovers_on_retry(app: OpenTab, backend: FakeBackend):
    backend.down = True
    at = app()
    assert not at.exception
    assert at.error[0].value.startswith(
        "Can't reach the Movie Analyst server at http://backend.test"
    )
    assert not at.chat_input  # nothing to type into without a server
    backend.down = False
    at.button(key="retry").click().run()
    assert not at.error
    assert at.chat_input[0].disabled is False


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (502, {"error": "upstream_auth", "upstream": "concentrate"}, "rejected our API key"),
        (503, {"error": "upstream_rate_limited", "retry_after": 20}, "Wait 20 s and try again"),
        (503, {"error": "upstream_unavailable", "upstream": "concentrate"}, "concentrate service"),
        (504, {"error": "upstream_timeout", "upstream": "concentrate"}, "took too long"),
        (401, {"status_code": 401, "detail": "Unauthorized"}, "Set API_AUTH_TOKEN"),
        (500, {"error": "internal_error"}, "Something went wrong on the server"),
    ],
)
def test_chat_errors_are_explained_and_the_chat_stays_usable(
    app: OpenTab, backend: FakeBackend, status, body, expected
):
    backend.failures["POST /api/v1/chat"] = (status, {"status_code": status, **body})
    at = app().chat_input[0].set_value("Hello?").run()
    assert not at.exception
    assert expected in at.error[0].value
    assert at.chat_input[0].disabled is False
    del backend.failures["POST /api/v1/chat"]
    at = at.chat_input[0].set_value("Hello again").run()
    assert not at.error
    assert any("Denis Villeneuve" in m.value for m in at.chat_message[-1].markdown)


def test_a_conversation_deleted_elsewhere_is_let_go(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Gone soon")
    at = app()
    at.button(key=f"open_{sid}").click().run()
    del backend.sessions[sid], backend.messages[sid]
    at.run()
    assert not at.exception
    assert at.session_state["active_session"] is None
    assert at.header[0].value == "New chat"


def test_feedback_failure_is_reported_not_raised(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Q", [("user", "Q?"), ("assistant", "A.")])
    answer_id = backend.messages[sid][1]["id"]
    backend.failures[f"POST /api/v1/messages/{answer_id}/feedback"] = (
        503,
        {"status_code": 503, "error": "storage_unavailable", "detail": "disk full"},
    )
    at = app()
    at.button(key=f"open_{sid}").click().run()
    at.feedback(key=f"fb_{answer_id}").set_value(1).run()
    assert not at.exception
    assert "database is unavailable" in at.error[0].value


def test_a_failed_run_is_one_message_in_its_bubble_with_retry(app: OpenTab, backend: FakeBackend):
    backend.final_status = "failed"
    backend.final_error = "openai failed with HTTP 503: Service Unavailable"
    at = app().chat_input[0].set_value("Who directed Jaws?").run()
    assert not at.exception
    (error,) = at.error  # once, in the bubble: no banner repeating it
    assert error.value.startswith("The model service is unavailable right now.")
    answer = at.chat_message[-1]
    assert [e.value for e in answer.error] == [error.value]
    assert "Sorry, I could not finish" not in " ".join(m.value for m in answer.markdown)
    assert not any("Stopped" in c.value for c in at.caption)  # nobody pressed Stop
    assert not at.feedback and not [h for h in at.get("html") if "Copy answer" in h.proto.body]
    backend.final_status, backend.final_error = "succeeded", None
    at.button(key=f"retry_{backend.messages[next(iter(backend.sessions))][1]['id']}").click()
    at = at.run()
    asked = [c["message"] for c in backend.calls("POST", "/api/v1/chat")]
    assert asked == ["Who directed Jaws?"] * 2
    assert len(at.error) == 1  # the failed turn stays where it was, in order...
    assert not [b for b in at.button if b.key.startswith("retry_")]  # ...its Retry is done
    assert any("Denis Villeneuve" in m.value for m in at.chat_message[-1].markdown)


def test_a_stored_failure_reads_the_same_in_a_fresh_tab(app: OpenTab, backend: FakeBackend):
    backend.final_status, backend.final_error = "failed", "upstream timed out after 30 s"
    app().chat_input[0].set_value("Anything").run()
    fresh = app()
    fresh.session_state["active_session"] = next(iter(backend.sessions))
    fresh.run().run()
    assert [e.value[:30] for e in fresh.error] == ["The model took too long to ans"]
    run_id = backend.messages[next(iter(backend.sessions))][1]["run_id"]
    assert len([p for _, p, _ in backend.requests if p == f"/api/v1/runs/{run_id}"]) == 1


def test_a_failed_send_offers_retry_beside_its_message(app: OpenTab, backend: FakeBackend):
    backend.failures["POST /api/v1/chat"] = (503, {"error": "upstream_unavailable"})
    at = app().chat_input[0].set_value("Hello?").run()
    assert "service is down or overloaded" in at.error[0].value
    del backend.failures["POST /api/v1/chat"]
    at = at.button(key="retry_send").click().run()
    assert [c["message"] for c in backend.calls("POST", "/api/v1/chat")] == ["Hello?"] * 2
    assert not at.error
