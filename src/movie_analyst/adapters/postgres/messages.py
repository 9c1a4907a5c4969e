"""The message queries of PostgresChatRepository that need more than one line of SQL."""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from movie_analyst.adapters.postgres.rows import MESSAGE_COLUMNS, message_from, utc
from movie_analyst.adapters.postgres.search import words
from movie_analyst.adapters.postgres.text import store_text
from movie_analyst.adapters.sqlite.rows import steps_text  # the same JSON text on both engines
from movie_analyst.domain.message import Message, NewMessage, estimate_tokens

TAIL_CHUNK = 64  # rows read per step when walking a history backwards

# No row (and no id drawn from the sequence) when the session does not exist.
INSERT_MESSAGE = f"""
INSERT INTO messages (session_id, role, content, words, created_at, run_id, stopped, tokens, steps)
SELECT %(session_id)s::text, %(role)s::text, %(content)s::text,
    array_to_tsvector(%(words)s::text[]), %(created_at)s::timestamptz, %(run_id)s::text,
    %(stopped)s::boolean, %(tokens)s::integer, %(steps)s::text
WHERE EXISTS (SELECT 1 FROM sessions WHERE id = %(session_id)s::text)
RETURNING {MESSAGE_COLUMNS}
"""
_PAGE = f"""
SELECT {MESSAGE_COLUMNS}, tokens FROM messages
WHERE session_id = %s AND id < %s ORDER BY id DESC LIMIT %s
"""


def insert_params(message: NewMessage, created_at: datetime) -> dict[str, Any]:
    """For INSERT_MESSAGE; the token estimate is stored so budgets never re-read content."""
    return {
        "session_id": message.session_id,
        "role": message.role.value,
        "content": store_text(message.content),
        "words": words(message.content),
        "created_at": utc(created_at),
        "run_id": message.run_id,
        "stopped": message.stopped,
        "tokens": estimate_tokens(message.content),
        "steps": steps_text(message.steps),
    }


async def tail(connection: AsyncConnection, session_id: str, token_budget: int) -> list[Message]:
    """Walks back one chunk at a time and stops once the budget is spent, oldest first."""
    found: list[Message] = []
    spent = 0
    before = 2**63 - 1
    while True:
        cursor = await connection.execute(_PAGE, (session_id, before, TAIL_CHUNK))
        rows = await cursor.fetchall()
        for row in rows:
            spent += row[-1]  # tokens, selected after the message columns
            if spent > token_budget:
                return found[::-1]
            found.append(message_from(row))
        if len(rows) < TAIL_CHUNK:
            return found[::-1]
        before = rows[-1][0]
