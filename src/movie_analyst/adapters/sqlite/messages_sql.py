"""The message queries of SqliteChatRepository that read or write more than one line of SQL."""

import sqlite3
from typing import Any

import aiosqlite

from movie_analyst.adapters.sqlite.connection import in_thread, translated_errors
from movie_analyst.adapters.sqlite.rows import MESSAGE_COLUMNS, Row, steps_text
from movie_analyst.application.errors import SessionNotFound
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import NewMessage, estimate_tokens

MAX_ROW_ID = 2**63 - 1

INSERT_MESSAGE = """
INSERT INTO messages (session_id, role, content, created_at, run_id, stopped, tokens, steps)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_PAGE_BACKWARDS = f"""
SELECT {MESSAGE_COLUMNS} FROM messages
WHERE session_id = ? AND id < ? ORDER BY id DESC LIMIT ?
"""
# A model's memory: who said what, newest first, read lazily as the walk goes.
_REMEMBERED = """
SELECT role, content, tokens FROM messages
WHERE session_id = ? AND id < ? AND role != 'system' AND content != '' ORDER BY id DESC
"""
_SESSION_EXISTS = "SELECT 1 FROM sessions WHERE id = ?"


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
) -> list[Row]:
    """Up to `limit` rows older than `before`, newest first, by the (session_id, id) index."""
    upper = before if before is not None else MAX_ROW_ID
    with translated_errors():
        rows = await reader.execute_fetchall(_PAGE_BACKWARDS, (session_id, upper, limit))
    return list(rows)


async def remembered_turns(
    reader: aiosqlite.Connection, session_id: str, token_budget: int, before: int
) -> list[ChatTurn]:
    """Walks back row by row in one thread hop and stops at the first message that does not
    fit, oldest first (ChatRepository.remembered_turns). No turn: the session must exist."""
    params = (session_id, max(min(before, MAX_ROW_ID), -MAX_ROW_ID))

    def walk(db: sqlite3.Connection) -> list[ChatTurn]:
        turns: list[ChatTurn] = []
        spent = 0
        cursor = db.execute(_REMEMBERED, params)
        try:
            for role, content, tokens in cursor:
                spent += tokens
                if spent > token_budget:
                    break
                turns.append(ChatTurn(role=role, content=content))
        finally:
            cursor.close()
        if not turns and db.execute(_SESSION_EXISTS, (session_id,)).fetchone() is None:
            raise SessionNotFound(session_id)
        return turns[::-1]

    with translated_errors():
        return await in_thread(reader, walk)
