"""The message queries of PostgresChatRepository that need more than one line of SQL."""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from movie_analyst.adapters.postgres.rows import MESSAGE_COLUMNS, message_from, utc
from movie_analyst.adapters.postgres.search import words
from movie_analyst.adapters.postgres.text import store_text
from movie_analyst.adapters.sqlite.rows import steps_text  # the same JSON text on both engines
from movie_analyst.domain.message import Message, NewMessage, estimate_tokens

TAIL_FIRST_CHUNK = 256  # rows the server scans in the first step of a walk back; then x4

# No row (and no id drawn from the sequence) when the session does not exist.
# A message row from `insert_params`, as an INSERT ... SELECT that its statement completes with
# a WHERE (the condition it is stored under) and a RETURNING.
INSERT_MESSAGE_ROW = """
INSERT INTO messages (session_id, role, content, words, created_at, run_id, stopped, tokens, steps)
SELECT %(session_id)s::text, %(role)s::text, %(content)s::text,
    array_to_tsvector(%(words)s::text[]), %(created_at)s::timestamptz, %(run_id)s::text,
    %(stopped)s::boolean, %(tokens)s::integer, %(steps)s::text
"""
INSERT_MESSAGE = f"""{INSERT_MESSAGE_ROW}
WHERE EXISTS (SELECT 1 FROM sessions WHERE id = %(session_id)s::text)
RETURNING {MESSAGE_COLUMNS}
"""
# The memory tail leaves the steps (tool observations, often kilobytes) unread.
_TAIL_COLUMNS = MESSAGE_COLUMNS.replace(", steps", ", NULL::text AS steps")
# The budget is applied by the server (a running sum; tokens >= 1, so it only grows): only the
# rows that fit cross the wire, and a history that fits in the first chunk is one round trip.
_PAGE = f"""
SELECT {_TAIL_COLUMNS}, spent FROM (
    SELECT {_TAIL_COLUMNS}, sum(tokens) OVER (ORDER BY id DESC) AS spent FROM messages
    WHERE session_id = %s AND id < %s ORDER BY id DESC LIMIT %s
) AS page WHERE spent <= %s ORDER BY id DESC
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
    """Walks back in growing chunks and stops once the budget is spent, oldest first."""
    found: list[Message] = []
    left, before, chunk = token_budget, 2**63 - 1, TAIL_FIRST_CHUNK
    while left > 0:
        params = (session_id, before, chunk, left)
        rows = await (await connection.execute(_PAGE, params)).fetchall()
        found.extend(message_from(row) for row in rows)
        if len(rows) < chunk:  # the history ended, or the next message does not fit
            break
        left -= int(rows[-1][-1])  # the running sum, selected after the message columns
        before, chunk = rows[-1][0], chunk * 4
    return found[::-1]
