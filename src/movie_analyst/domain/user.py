import re
from datetime import datetime

import msgspec

from movie_analyst.domain.errors import InvalidValue

# Shown in lists and logs and (later) sent by proxies as X-Forwarded-User: plain and short.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")


def validate_user_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidValue(
            "a user name is 1-64 letters, digits or . _ @ + - (starting with a letter or digit)"
        )
    return name


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    is_admin: bool
    created_at: datetime


def owner_of(user: User | None) -> str | None:
    """Whose space a signed-in user works in (`Session.owner`); nobody signed in: None."""
    return None if user is None else user.id


class StoredKey(msgspec.Struct, frozen=True, kw_only=True):
    """What the server keeps of an API key: its public id and a digest, never the key."""

    key_id: str
    digest: str
