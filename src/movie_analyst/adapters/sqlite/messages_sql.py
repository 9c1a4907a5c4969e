"""The message queries of SqliteChatRepository that read or write more than one line of SQL."""

from typing import Any

import aiosqlite

from movie_analyst.adapters.sqlite.connection import translated_errors
from movie_analyst.adapters.sqlite.rows import MESSAGE_COLUMNS, Row, message_from, steps_text
from movie_analyst.domain.message import Message, NewMessage, estimate_tokens

MAX_ROW_ID = 2**63 - 1
TAIL_CHUNK = 64  # rows read per step when walking a history backwards

INSERT_MESSAGE = """
INSERT INTO messages (session_id, role, content, created_at, run_id, stopped, tokens, steps)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_PAGE_BACKWARDS = f"""
SELECT {MESSAGE_COLUMNS}, tokens FROM messages
WHERE session_id = ? AND id < ? ORDER BY id DESC LIMIT ?
"""
# The memory tail leaves the steps (tool observations, often kilobytes) unread.
_TAIL_PAGE = _PAGE_BACKWARDS.replace(", steps,", ", NULL AS steps,")


def insert_params(message: NewMessage, created_at: str) -> tuple[Any, ...]:
    """In INSERT_MESSAGE order; the token estimate is stored so budgets never re-read content."""
    return (
        message.session_id,
        message.role.value,
        message.content,
        created_at,
        message.run_id,
        int(message.stopped),
        estimate_tokens(message.content),
        steps_text(message.steps),
    )


async def page_backwards(
    reader: aiosqlite.Connection,
    session_id: str,
    *,
    before: int | None,
    limit: int,
    sql: str = _PAGE_BACKWARDS,
) -> list[Row]:
    """Up to `limit` rows older than `before`, newest first, by the (session_id, id) index."""
    upper = before if before is not None else MAX_ROW_ID
    with translated_errors():
        rows = await reader.execute_fetchall(sql, (session_id, upper, limit))
    return list(rows)


async def tail_within_budget(
    reader: aiosqlite.Connection, session_id: str, token_budget: int
) -> list[Message]:
    """Walks back one chunk at a time and stops once the budget is spent, oldest first."""
    tail: list[Message] = []
    spent = 0
    before: int | None = None
    while True:
        rows = await page_backwards(
            reader, session_id, before=before, limit=TAIL_CHUNK, sql=_TAIL_PAGE
        )
        for row in rows:
            spent += row[-1]  # tokens, selected after the message columns
            if spent > token_budget:
                return tail[::-1]
            tail.append(message_from(row))
        if len(rows) < TAIL_CHUNK:
            return tail[::-1]
        before = rows[-1][0]
