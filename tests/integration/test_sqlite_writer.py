"""The shared writer's group commit: each caller's row goes in with that caller's own SQL."""

import asyncio
from pathlib import Path

from movie_analyst.adapters.sqlite.connection import open_connection
from movie_analyst.adapters.sqlite.writer import Writer


async def test_concurrent_grouped_inserts_of_different_sql_each_keep_their_own(
    tmp_path: Path,
) -> None:
    writer = Writer(await open_connection(str(tmp_path / "w.db")))
    try:
        await writer.connection.executescript(
            "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
            "CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
        )
        into_a, into_b = "INSERT INTO a (v) VALUES (?)", "INSERT INTO b (v) VALUES (?)"
        ids = await asyncio.gather(
            writer.insert_grouped(into_a, ("a1",)),
            writer.insert_grouped(into_b, ("b1",)),
            writer.insert_grouped(into_a, ("a2",)),
            writer.insert_grouped(into_b, ("b2",)),
        )
        a = await writer.fetchall("SELECT id, v FROM a ORDER BY id")
        b = await writer.fetchall("SELECT id, v FROM b ORDER BY id")
    finally:
        await writer.settle()
        await writer.connection.close()
    assert [tuple(r) for r in a] == [(1, "a1"), (2, "a2")]
    assert [tuple(r) for r in b] == [(1, "b1"), (2, "b2")]
    assert ids == [1, 1, 2, 2]
