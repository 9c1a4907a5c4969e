"""The message queries of PostgresChatRepository that need more than one line of SQL."""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from movie_analyst.adapters.postgres.rows import MESSAGE_COLUMNS, utc
from movie_analyst.adapters.postgres.search import words
from movie_analyst.adapters.postgres.text import load_text, store_text
from movie_analyst.adapters.sqlite.rows import steps_text  # the same JSON text on both engines
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import NewMessage, estimate_tokens

MAX_ID = 2**63 - 1  # bigint
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
# A model's memory: who said what. The budget is applied by the server (a running sum; tokens
# >= 1, so it only grows): only the rows that fit cross the wire, and a history that fits in the
# first chunk is one round trip.
_PAGE = """
SELECT id, role, content, spent FROM (
    SELECT id, role, content, sum(tokens) OVER (ORDER BY id DESC) AS spent FROM messages
    WHERE session_id = %s AND id < %s AND role <> 'system' AND content <> ''
    ORDER BY id DESC LIMIT %s
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


async def remembered_turns(
    connection: AsyncConnection, session_id: str, token_budget: int, before: int
) -> list[ChatTurn]:
    """Walks back in growing chunks and stops at the first message that does not fit, oldest
    first (ChatRepository.remembered_turns)."""
    found: list[ChatTurn] = []
    left, chunk = token_budget, TAIL_FIRST_CHUNK
    before = max(min(before, MAX_ID), -MAX_ID)
    while left > 0:
        params = (session_id, before, chunk, left)
        rows = await (await connection.execute(_PAGE, params)).fetchall()
        found.extend(ChatTurn(role=row[1], content=load_text(row[2])) for row in rows)
        if len(rows) < chunk:  # the history ended, or the next message does not fit
            break
        left -= int(rows[-1][-1])  # the running sum, selected after the columns
        before, chunk = rows[-1][0], chunk * 4
    return found[::-1]
