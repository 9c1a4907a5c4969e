"""The chat: streamed answers with steps and cards, suggestions, joining a live run, Stop, queue."""

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]


def texts(block) -> list[str]:
    return [m.value for m in block.markdown]


def tiles(block) -> str:
    return "".join(m.value for m in block.markdown if "ma-tiles" in m.value)


def table_rows(block) -> list[str]:
    """The comparison table's row titles, in its order."""
    html = "".join(m.value for m in block.markdown if "ma-compare" in m.value)
    return re.findall(r"<th scope='row'>(.*?)</th>", html)


def ask(at: AppTest, question: str) -> AppTest:
    return at.chat_input[0].set_value(question).run()


def test_streamed_answer_with_tool_steps_cards_and_chart(app: OpenTab, backend: FakeBackend):
    at = ask(app(), "Villeneuve films?")
    assert not at.exception
    (sid,) = backend.sessions  # the first question opened a conversation
    assert backend.calls("POST", "/api/v1/chat") == [
        {"session_id": sid, "message": "Villeneuve films?", "stream": True, "model": "offline"}
    ]
    user, answer = at.chat_message
    assert texts(user) == ["Villeneuve films?"]
    assert "Arrival (2016) and Sicario (2015) are both by Denis Villeneuve." in texts(answer)
    assert answer.expander[0].label == "Used 1 tool"
    assert ":material/search: Searching TMDB for Villeneuve…" in texts(answer)
    cards = tiles(answer)
    assert "2016 · critics 7.6/10 · 116 min" in cards  # the offline scores are critics'
    assert "2015 · critics 7.4/10 · 121 min" in cards
    # Only Arrival has a poster; Sicario's tile is labelled, not read out as its initials.
    assert "src='https://image.tmdb.org/t/p/w342/x2FJsf1ElAgr63Y3PNPtJrcmpoe.jpg'" in cards
    assert "alt='Poster of Arrival (2016)'" in cards
    assert "role='img' aria-label='No poster: Sicario (2015)'" in cards
    assert table_rows(answer) == ["Arrival (2016)", "Sicario (2015)"]
    assert [t.label for t in answer.tabs] == ["Score, critics (0-10)", "Runtime (min)"]
    assert at.chat_input[0].disabled is False  # ready for the next question


def test_non_streaming_mode_posts_stream_false(app: OpenTab, backend: FakeBackend):
    at = app()
    at.toggle(key="streaming").set_value(False).run()
    at = ask(at, "Tell me about Arrival")
    assert backend.calls("POST", "/api/v1/chat")[0]["stream"] is False
    answer = texts(at.chat_message[1])
    assert "Arrival (2016) and Sicario (2015) are both by Denis Villeneuve." in answer
    # No live steps without streaming, but the stored answer still carries its cards.
    assert "Poster of Arrival (2016)" in tiles(at.chat_message[1])


def test_a_suggestion_sends_its_question(app: OpenTab, backend: FakeBackend):
    at = app()
    assert len([b for b in at.button if b.key.startswith("suggest_")]) == 4
    at.button(key="suggest_1").click().run()
    assert backend.calls("POST", "/api/v1/chat")[0]["message"].startswith(
        "Films by Alfred Hitchcock"
    )
    assert not [b for b in at.button if b.key.startswith("suggest_")]


def test_thumbs_feedback_is_stored_with_the_message(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Q", [("user", "Best heist film?"), ("assistant", "Heat (1995).")])
    at = app()
    at.button(key=f"open_{sid}").click().run()
    answer_id = backend.messages[sid][1]["id"]
    at.feedback(key=f"fb_{answer_id}").set_value(1).run()
    assert backend.feedback == {answer_id: "up"}
    at.feedback(key=f"fb_{answer_id}").set_value(0).run()
    assert backend.feedback == {answer_id: "down"}


def test_returning_to_a_running_chat_joins_it_then_stop_keeps_the_partial(
    app: OpenTab, backend: FakeBackend
):
    sid = backend.add_session("Live", [("user", "Villeneuve films?")])
    backend.running[sid] = "run-live"
    at = app()
    at.button(key=f"open_{sid}").click().run()
    assert not at.exception
    joins = [p for m, p, _ in backend.requests if p == "/api/v1/runs/run-live/events"]
    assert joins  # it joined the run's event stream rather than polling blindly
    # Never disabled: the next question can be drafted while this one runs.
    assert at.chat_input[0].disabled is False
    assert "sent when this answer ends" in at.chat_input[0].placeholder
    assert "Still answering" in " ".join(c.value for c in at.caption)
    at.button(key="stop_poll").click().run()
    assert backend.calls("POST", f"/api/v1/session/{sid}/cancel") == [None]
    assert at.info[0].value == "Stopped. The partial answer is kept."
    answer = at.chat_message[-1]
    assert "Arrival (2016)" in texts(answer)
    assert answer.expander[0].label == "Used 1 tool"  # the steps seen live stay with it
    assert any("Stopped: this answer is partial." in c.value for c in answer.caption)
    assert at.chat_input[0].disabled is False


def test_a_question_asked_while_a_run_is_active_waits_its_turn(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Busy")
    at = app()
    at.button(key=f"open_{sid}").click().run()
    backend.running[sid] = "run-other"  # another tab started a run meanwhile
    at = ask(at, "And his latest film?")
    assert not at.error
    assert backend.calls("POST", "/api/v1/chat") == []  # never a silent 409
    assert "Queued: “And his latest film?”" in at.info[-1].value
    assert at.chat_input[0].disabled is False
    del backend.running[sid]  # that run ends; the next rerun sends the queued message
    at.run()
    assert [c["message"] for c in backend.calls("POST", "/api/v1/chat")] == ["And his latest film?"]


def test_a_409_race_queues_the_message_and_sends_it_later(app: OpenTab, backend: FakeBackend):
    sid = backend.add_session("Race")
    at = app()
    at.button(key=f"open_{sid}").click().run()
    backend.busy_on_next_chat = "run-race"
    at = ask(at, "Quick one")
    assert not at.error
    assert "Queued: “Quick one”" in at.info[-1].value
    del backend.running[sid]
    at.run()
    assert [c["message"] for c in backend.calls("POST", "/api/v1/chat")] == ["Quick one"] * 2
    assert backend.messages[sid][0]["content"] == "Quick one"


def test_a_failed_run_explains_itself(app: OpenTab, backend: FakeBackend):
    backend.final_status, backend.final_error = "failed", "upstream timed out after 30 s"
    at = ask(app(), "Anything")
    assert at.error[0].value.startswith("The model took too long to answer.")
    assert not at.exception


def test_the_client_timeout_cancels_the_run(app: OpenTab, backend: FakeBackend, monkeypatch):
    monkeypatch.setenv("UI_RUN_TIMEOUT_SECONDS", "0.6")
    backend.stall_seconds = 3.0
    at = ask(app(), "A slow one")
    (sid,) = backend.sessions
    assert backend.calls("POST", f"/api/v1/session/{sid}/cancel") == [None]
    assert at.warning[0].value.startswith("No answer after 0.6 s, so it was stopped.")


def test_settings_file_keeps_no_messages(app: OpenTab, settings_path):
    at = ask(app(), "Villeneuve films?")
    at.selectbox(key="model").select("gpt-5").run()
    assert set(json.loads(settings_path.read_text())) == {"model", "streaming"}


def test_a_new_chat_is_named_after_its_first_question(app: OpenTab, backend: FakeBackend):
    long_question = "Which Denis Villeneuve films have the best scores and the longest runtimes?"
    at = ask(app(), long_question)
    (sid,) = backend.sessions
    (patch,) = backend.calls("PATCH", f"/api/v1/session/{sid}")
    assert patch["title"] == long_question[:47] + "…"
    assert at.header[0].value == patch["title"]
    ask(at, "And Sicario?")
    assert len(backend.calls("PATCH", "/api/v1/session")) == 1  # only the first question names it


def test_a_stored_answer_shows_its_steps_and_cards_in_a_fresh_tab(
    app: OpenTab, backend: FakeBackend
):
    ask(app(), "Villeneuve films?")  # answered in one tab...
    fresh = app()  # ...and opened in another, which saw nothing live
    fresh.session_state["active_session"] = next(iter(backend.sessions))
    fresh.run()
    assert not fresh.exception
    _, answer = fresh.chat_message
    assert answer.expander[0].label == "Used 1 tool"
    assert ":material/search: Searching TMDB for Villeneuve…" in texts(answer)
    assert "No poster: Sicario (2015)" in tiles(answer)
    assert table_rows(answer) == ["Arrival (2016)", "Sicario (2015)"]


def focus_scripts(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "stChatInputTextArea" in h.proto.body]


def test_focus_goes_back_to_the_chat_box_after_an_answer_only(app: OpenTab):
    at = app()
    assert len(focus_scripts(at)) == 1  # a new tab: ready to type
    at.run()
    assert focus_scripts(at) == []  # an ordinary rerun leaves focus where the person put it
    at = ask(at, "Villeneuve films?")
    assert len(focus_scripts(at)) == 1
