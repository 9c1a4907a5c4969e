from datetime import datetime
from typing import Annotated

import msgspec

from movie_analyst.domain.errors import InvalidValue

MAX_TITLE_LENGTH = 200
DEFAULT_TITLE = "New chat"

Title = Annotated[str, msgspec.Meta(max_length=MAX_TITLE_LENGTH)]


def validate_title(title: str) -> str:
    if not isinstance(title, str):
        raise InvalidValue("title must be a string")
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidValue(f"title must be at most {MAX_TITLE_LENGTH} characters")
    return title


class Session(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    metadata: dict[str, str] = {}
    # The id of the user whose conversation it is; None in the one shared space (AUTH_MODE
    # none or token, and every session made before users existed).
    owner: str | None = None


class SessionSummary(msgspec.Struct, frozen=True, kw_only=True):
    session: Session
    message_count: int
