"""The one writer connection, shared by every task, and group commit for message inserts.

A connection has a single transaction, so every statement goes through `lock`: a batch or a
migration in progress never takes in (or rolls back) another task's statement.

Group commit: message inserts that arrive while a commit is under way wait for it and then
share the next transaction, so 50 concurrent writers cost a few commits instead of 50. Their
ids are consecutive in submission order (AUTOINCREMENT on the only writer, in one transaction).
"""

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiosqlite

from movie_analyst.adapters.sqlite.connection import in_thread

Params = Sequence[Any]
Pending = tuple[str, Params, "asyncio.Future[int]"]
T = TypeVar("T")


class Writer:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self.lock = asyncio.Lock()
        self._pending: list[Pending] = []
        self._drainer: asyncio.Task[None] | None = None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        async with self.lock:
            return list(await self.connection.execute_fetchall(sql, params))

    async def insert(self, sql: str, params: Params) -> int:
        """Run one INSERT; returns its rowid."""
        async with self.lock:
            row = await self.connection.execute_insert(sql, params)
        assert row is not None  # last_insert_rowid() always answers
        return int(row[0])

    async def rowcount(self, sql: str, params: Params) -> int:
        async with self.lock, self.connection.execute(sql, params) as cursor:
            return int(cursor.rowcount)

    async def in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` in one hop on the writer's thread (see connection.in_thread)."""
        async with self.lock:
            return await in_thread(self.connection, work)

    async def in_transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` inside one IMMEDIATE transaction, in one hop (`in_thread`);
        rolled back if it raises."""

        def transaction(db: sqlite3.Connection) -> T:
            db.execute("BEGIN IMMEDIATE")
            try:
                result = work(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return result

        return await self.in_thread(transaction)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self.lock:
            await self.connection.execute_fetchall("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                await self.connection.execute_fetchall("ROLLBACK")
                raise
            await self.connection.execute_fetchall("COMMIT")

    async def insert_grouped(self, sql: str, params: Params) -> int:
        """Like `insert`, but shares a transaction with concurrent callers of the same SQL
        (callers of other SQL get their own batch; each batch keeps submission order)."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._pending.append((sql, params, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain())
        return await future

    async def settle(self) -> None:
        """Wait until every submitted insert has been written (before closing)."""
        if self._drainer is not None:
            await asyncio.gather(self._drainer, return_exceptions=True)

    async def _drain(self) -> None:
        while self._pending:
            pending, self._pending = self._pending, []
            for sql, batch in _by_sql(pending).items():
                try:
                    outcomes = await self._write_batch(sql, [params for _, params, _ in batch])
                except Exception as exc:
                    outcomes = [exc] * len(batch)
                _resolve([future for _, _, future in batch], outcomes)

    async def _write_batch(self, sql: str, batch: list[Params]) -> list[int | Exception]:
        if len(batch) > 1:
            try:
                async with self.transaction() as connection:
                    await connection.executemany(sql, batch)
                    rows = list(await connection.execute_fetchall("SELECT last_insert_rowid()"))
                last = int(rows[0][0])
                return list(range(last - len(batch) + 1, last + 1))
            except sqlite3.IntegrityError:
                pass  # one bad row (an unknown session): rolled back; find it one by one
        return [await self._insert_or_error(sql, params) for params in batch]

    async def _insert_or_error(self, sql: str, params: Params) -> int | Exception:
        try:
            return await self.insert(sql, params)
        except sqlite3.Error as exc:
            return exc


def _resolve(futures: list["asyncio.Future[int]"], outcomes: list[int | Exception]) -> None:
    for future, outcome in zip(futures, outcomes, strict=True):
        if future.done():  # its caller was cancelled; the row is stored anyway
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


def _by_sql(pending: list[Pending]) -> dict[str, list[Pending]]:
    batches: dict[str, list[Pending]] = {}
    for item in pending:
        batches.setdefault(item[0], []).append(item)
    return batches
