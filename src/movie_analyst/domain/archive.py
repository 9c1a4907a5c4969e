"""A conversation as it leaves or enters the store whole: export and import."""

from datetime import datetime

import msgspec

from movie_analyst.domain.message import Feedback, Role


class ArchivedMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A message without its id: the store gives it a new place in its own sequence."""

    role: Role
    content: str
    created_at: datetime
    stopped: bool = False
    feedback: Feedback | None = None


class SearchHit(msgspec.Struct, frozen=True, kw_only=True):
    """A session title (`message_id` None) or a message that matched a search."""

    session_id: str
    title: str
    message_id: int | None = None
    role: Role | None = None
    snippet: str
