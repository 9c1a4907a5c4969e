"""The sidebar's chat list: grouped by date in the reader's zone, searchable, twins told apart."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from streamlit.testing.v1 import AppTest

from movie_analyst_ui.chat_dates import group_by_date, short_time, zone
from tests.support.frontend import FakeBackend

OpenTab = Callable[[], AppTest]
NOW = datetime(2026, 12, 2, 14, 30, tzinfo=UTC)


def chat(name: str, days_ago: float) -> dict:
    moment = NOW - timedelta(days=days_ago)
    return {"session_id": name, "title": name, "updated_at": moment.isoformat()}


def test_chats_fall_into_date_groups_in_order():
    chats = [chat("a", 0), chat("b", 1), chat("c", 3), chat("d", 20), chat("e", 400)]
    grouped = group_by_date(chats, NOW, UTC)
    assert [(h, [c["title"] for c in cs]) for h, cs in grouped] == [
        ("Today", ["a"]),
        ("Yesterday", ["b"]),
        ("Previous 7 days", ["c"]),
        ("Previous 30 days", ["d"]),
        ("Older", ["e"]),
    ]


def test_the_readers_time_zone_decides_what_today_is():
    late = {"title": "late", "updated_at": "2026-12-02T02:00:00Z"}  # Dec 1 evening in New York
    assert group_by_date([late], NOW, zone("America/New_York"))[0][0] == "Yesterday"
    assert group_by_date([late], NOW, zone(None))[0][0] == "Today"
    assert zone("Not/AZone") is UTC
    assert short_time(late, NOW, UTC) == "02:00"
    assert short_time(chat("x", 40), NOW, UTC) == "Oct 23"


def test_the_sidebar_groups_chats_and_stamps_same_named_ones(app: OpenTab, backend: FakeBackend):
    now = datetime.now(UTC)
    old, new = chat("Alien", 45), chat("Alien", 0.01)
    for made in (old, {**chat("Heat", 3)}, new):
        made["updated_at"] = (now - (NOW - datetime.fromisoformat(made["updated_at"]))).isoformat()
        backend.add_session(made["title"], updated_at=made["updated_at"])
    at = app()
    headings = [c.value for c in at.sidebar.caption]
    assert headings[:3] == ["Today", "Previous 7 days", "Older"]
    labels = [b.label for b in at.sidebar.button if b.key.startswith("open_")]
    assert labels == [
        f"{short_time(new, now, UTC)} · Alien · 0",
        "Heat · 0",
        f"{short_time(old, now, UTC)} · Alien · 0",
    ]


def test_search_finds_a_conversation_by_its_words_and_opens_it(app: OpenTab, backend: FakeBackend):
    backend.add_session("Heat night", [("user", "Who directed Heat?"), ("assistant", "Mann.")])
    wanted = backend.add_session(
        "Sci-fi", [("user", "Best Tarkovsky film?"), ("assistant", "Solaris")]
    )
    at = app()
    at.text_input(key="chat_search").set_value("tarkovsky").run()
    found = [b for b in at.sidebar.button if b.key.startswith("found_")]
    assert [b.label for b in found] == ["Sci-fi"]
    assert "Best Tarkovsky film?" in [c.value for c in at.sidebar.caption]
    at = found[0].click().run()
    assert at.session_state["active_session"] == wanted
    assert at.chat_message[0].markdown[0].value == "Best Tarkovsky film?"
    at.text_input(key="chat_search").set_value("nothing like it").run()
    assert "No conversation mentions “nothing like it”." in [c.value for c in at.sidebar.caption]
