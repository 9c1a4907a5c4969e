import enum
from datetime import datetime

import msgspec

from movie_analyst.domain.run_event import ToolStep


class Role(enum.StrEnum):
    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"


# Stored rows name their role by value: a dict lookup, where `Role(value)` goes through Enum's
# metaclass call (~1 us a row: half of what reading a memory tail of short messages cost).
ROLE_OF: dict[str, Role] = {role.value: role for role in Role}


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
    steps: list[ToolStep] = []  # the tool calls and results the answer rests on


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
    steps: list[ToolStep] = []


def estimate_tokens(text: str) -> int:
    """A cheap, offline token estimate (about four characters a token), never below one."""
    return max(1, (len(text) + 3) // 4)
