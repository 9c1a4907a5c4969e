"""Versioned schema: MIGRATIONS[n] takes the database from user_version n to n + 1.

Append new steps; never edit a released one. Each step runs in one transaction with the
version bump, so a crash leaves the schema at a whole version.
"""

import sqlite3

import aiosqlite

from movie_analyst.adapters.sqlite.connection import translated_errors

V1_CORE = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    message_count INTEGER NOT NULL DEFAULT 0  -- kept by the triggers below
);
CREATE INDEX ix_sessions_updated ON sessions(updated_at);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    run_id TEXT,
    stopped INTEGER NOT NULL DEFAULT 0,
    feedback TEXT CHECK (feedback IN ('up', 'down')),
    tokens INTEGER NOT NULL
);
CREATE INDEX ix_messages_session_id ON messages(session_id, id);

-- A message insert stays one atomic statement (no lock) yet keeps its session current; the
-- stored count makes the session list an index scan instead of a count per session.
CREATE TRIGGER tr_messages_added AFTER INSERT ON messages BEGIN
    UPDATE sessions
    SET updated_at = max(updated_at, NEW.created_at), message_count = message_count + 1
    WHERE id = NEW.session_id;
END;
CREATE TRIGGER tr_messages_removed AFTER DELETE ON messages BEGIN
    UPDATE sessions SET message_count = message_count - 1 WHERE id = OLD.session_id;
END;

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    user_message_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    error TEXT,
    answer_message_id INTEGER
);
CREATE INDEX ix_runs_session_status ON runs(session_id, status);
CREATE INDEX ix_runs_status ON runs(status);
"""

V2_SEARCH = """
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
CREATE TRIGGER tr_messages_fts_added AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (NEW.id, NEW.content);
END;
CREATE TRIGGER tr_messages_fts_removed AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
END;
CREATE TRIGGER tr_messages_fts_changed AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
    INSERT INTO messages_fts(rowid, content) VALUES (NEW.id, NEW.content);
END;

CREATE VIRTUAL TABLE sessions_fts USING fts5(
    title, content='sessions', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO sessions_fts(sessions_fts) VALUES ('rebuild');
CREATE TRIGGER tr_sessions_fts_added AFTER INSERT ON sessions BEGIN
    INSERT INTO sessions_fts(rowid, title) VALUES (NEW.rowid, NEW.title);
END;
CREATE TRIGGER tr_sessions_fts_removed AFTER DELETE ON sessions BEGIN
    INSERT INTO sessions_fts(sessions_fts, rowid, title) VALUES ('delete', OLD.rowid, OLD.title);
END;
-- Only a title change reindexes: message inserts update the row's counters on every insert.
CREATE TRIGGER tr_sessions_fts_renamed AFTER UPDATE OF title ON sessions BEGIN
    INSERT INTO sessions_fts(sessions_fts, rowid, title) VALUES ('delete', OLD.rowid, OLD.title);
    INSERT INTO sessions_fts(rowid, title) VALUES (NEW.rowid, NEW.title);
END;
"""

V3_PENDING = "ALTER TABLE runs ADD COLUMN pending_message TEXT;"

V4_STEPS = "ALTER TABLE messages ADD COLUMN steps TEXT;"  # JSON list of tool steps, or NULL

# One admitted active run per session, even across processes (`admit_run`); runs from before
# this step were never admitted, so the index can be built on any existing file.
V5_ONE_ACTIVE_RUN = """
ALTER TABLE runs ADD COLUMN exclusive INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX ux_runs_one_admitted ON runs(session_id)
    WHERE exclusive = 1 AND status IN ('queued', 'running');
"""

V6_PARTIAL = "ALTER TABLE runs ADD COLUMN partial_answer TEXT;"  # checkpoints while running

# AUTH_MODE=users: the team's users, with the id and HMAC digest of each one's API key.
V7_USERS = """
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    key_id TEXT NOT NULL UNIQUE,
    key_digest TEXT NOT NULL
);
"""

# Ownership (#18): whose conversation a session is (a user id; NULL: the shared space).
V8_OWNERS = """
ALTER TABLE sessions ADD COLUMN owner TEXT;
CREATE INDEX ix_sessions_owner ON sessions(owner, updated_at);
"""

MIGRATIONS: tuple[str, ...] = (
    V1_CORE,
    V2_SEARCH,
    V3_PENDING,
    V4_STEPS,
    V5_ONE_ACTIVE_RUN,
    V6_PARTIAL,
    V7_USERS,
    V8_OWNERS,
)


async def schema_version(connection: aiosqlite.Connection) -> int:
    rows = await connection.execute_fetchall("PRAGMA user_version")
    return int(next(iter(rows))[0])


async def migrate(connection: aiosqlite.Connection) -> int:
    """Apply the missing steps on a writer connection; returns the resulting version.

    Safe against another process migrating the same file at the same time: a step that fails
    because the other one got there first is skipped once the version shows it applied.
    """
    with translated_errors():
        while (version := await schema_version(connection)) < len(MIGRATIONS):
            try:
                await _apply(connection, version)
            except sqlite3.OperationalError:
                if await schema_version(connection) <= version:
                    raise
        return version


async def _apply(connection: aiosqlite.Connection, version: int) -> None:
    script = MIGRATIONS[version]
    # executescript commits first and runs statements as given, so BEGIN/COMMIT are ours.
    try:
        await connection.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
        )
    except BaseException:
        if connection.in_transaction:
            await connection.rollback()
        raise
