"""Chats grouped by when they were last used, in the reader's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

GROUPS = ("Today", "Yesterday", "Previous 7 days", "Previous 30 days", "Older")


def zone(name: str | None) -> tzinfo:
    """The browser's zone (`st.context.timezone`), UTC when unknown or unreadable."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def when(session: dict[str, Any]) -> datetime | None:
    raw = session.get("updated_at") or session.get("created_at")
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def group_by_date(
    sessions: list[dict[str, Any]], now: datetime, tz: tzinfo
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(heading, chats) in GROUPS order, empty groups left out, each group's order kept."""
    today = now.astimezone(tz).date()
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name in GROUPS}
    for session in sessions:
        moment = when(session)
        age = (today - moment.astimezone(tz).date()).days if moment else 10**6
        groups[_heading(age)].append(session)
    return [(name, chats) for name, chats in groups.items() if chats]


def _heading(age_days: int) -> str:
    if age_days <= 0:
        return "Today"
    if age_days == 1:
        return "Yesterday"
    if age_days <= 7:
        return "Previous 7 days"
    return "Previous 30 days" if age_days <= 30 else "Older"


def short_time(session: dict[str, Any], now: datetime, tz: tzinfo) -> str:
    """'14:05' today, 'Nov 28' this year, '2025-11-28' before: tells same-named chats apart."""
    moment = when(session)
    if moment is None:
        return ""
    local, today = moment.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%b %d")
    return local.strftime("%Y-%m-%d")


def recent_first(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    floor = datetime.min.replace(tzinfo=UTC)
    return sorted(sessions, key=lambda s: when(s) or floor, reverse=True)
