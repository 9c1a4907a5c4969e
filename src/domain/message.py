import enum
from datetime import datetime

import msgspec


class Role(enum.StrEnum):
    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"


class Feedback(enum.StrEnum):
    UP = "up"
    DOWN = "down"


class NewMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A message before storage has given it an id (its place in the sequence)."""

    session_id: str
    role: Role
    content: str
    run_id: str | None = None
    stopped: bool = False


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """A stored message. `id` is a per-database monotonic sequence: order by it, never by time."""

    id: int
    session_id: str
    role: Role
    content: str
    created_at: datetime
    run_id: str | None = None
    stopped: bool = False
    feedback: Feedback | None = None


def estimate_tokens(text: str) -> int:
    """A cheap, offline token estimate (about four characters a token), never below one."""
    return max(1, (len(text) + 3) // 4)
