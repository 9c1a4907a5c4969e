"""Ownership in SQLite statements: one condition with two parameters, both the owner.

`owner` None (the shared space, or the server's own work) matches every row; a user id only
that user's sessions. PK lookups stay index lookups with the condition as a filter.
"""

OWNED = "(? IS NULL OR owner = ?)"
# For rows that belong through their session (messages, runs).
OWNED_SESSION = "(? IS NULL OR session_id IN (SELECT id FROM sessions WHERE owner = ?))"


def mine(owner: str | None) -> tuple[str | None, str | None]:
    """The parameters of `OWNED` / `OWNED_SESSION`."""
    return (owner, owner)
