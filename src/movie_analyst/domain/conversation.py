"""A conversation as an outside chat client holds it: its turns, and the key that finds it again."""

import hashlib
from collections.abc import Sequence

import msgspec

from movie_analyst.domain.message import Role
from movie_analyst.domain.session import DEFAULT_TITLE

TITLE_LENGTH = 60


class Turn(msgspec.Struct, frozen=True, kw_only=True):
    role: Role
    content: str


def conversation_key(turns: Sequence[Turn]) -> str:
    """The same user and assistant turns give the same key, whatever whitespace surrounds
    their text; system turns do not count (clients add and change them freely)."""
    said = [[t.role.value, t.content.strip()] for t in turns if t.role is not Role.SYSTEM]
    return hashlib.sha256(msgspec.json.encode(said)).hexdigest()


def title_of(turns: Sequence[Turn]) -> str:
    """A session title from the first user turn, on one line and cut to a readable length."""
    first = next((t.content for t in turns if t.role is Role.USER), "")
    words = " ".join(first.split())
    if len(words) <= TITLE_LENGTH:
        return words or DEFAULT_TITLE
    return words[: TITLE_LENGTH - 1].rstrip() + "…"
