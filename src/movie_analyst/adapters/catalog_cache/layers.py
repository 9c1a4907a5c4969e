"""The cache engine behind `CachedMediaCatalog`: an LRU over the SQLite store, with coalescing.

Concurrent identical calls share one upstream request. Errors are never cached; "not found"
answers (None, empty lists) are, since asking again would give the same answer.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

import msgspec

from movie_analyst.adapters.catalog_cache import codec
from movie_analyst.adapters.catalog_cache.policy import CachePolicy
from movie_analyst.adapters.catalog_cache.store import ResponseStore

T = TypeVar("T")
log = logging.getLogger(__name__)
_MISS = object()


class CacheStats(msgspec.Struct, kw_only=True):
    memory_hits: int = 0
    store_hits: int = 0
    upstream_calls: int = 0
    coalesced: int = 0


class LayeredCache:
    """An in-process LRU over an optional persistent store, keyed by `namespace|method|args`.

    `start()`/`aclose()` open and close the store (without a store, or before `start()`, only
    the LRU is used). `clock` is wall time: expiries outlive restarts.
    """

    def __init__(
        self,
        namespace: str,
        store: ResponseStore | None = None,
        *,
        policy: CachePolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._namespace = namespace
        self._store = store
        self._policy = policy or CachePolicy()
        self._clock = clock
        self._memory: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[object]] = {}
        self.stats = CacheStats()

    async def start(self) -> None:
        if self._store is not None:
            await self._store.start()
            await self._store.purge_expired(self._clock())

    async def aclose(self) -> None:
        if self._store is not None:
            await self._store.aclose()

    async def get(
        self, method: str, args: tuple[object, ...], fetch: Callable[[], Awaitable[T]]
    ) -> T:
        """The remembered answer to `method(*args)`, else `fetch()`'s (shared by concurrent
        callers, remembered for the policy's TTL of `method`)."""
        key = f"{self._namespace}|{method}|{msgspec.json.encode(args).decode()}"
        found = self._recall(key)
        if found is not _MISS:
            self.stats.memory_hits += 1
            return cast(T, found)
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._load(key, method, fetch))
            self._inflight[key] = pending
            pending.add_done_callback(lambda done: self._settle(key, done))
        else:
            self.stats.coalesced += 1
        # Shielded: one caller giving up must not cancel the request the others wait on.
        return cast(T, await asyncio.shield(pending))

    def _recall(self, key: str) -> object:
        entry = self._memory.get(key)
        if entry is None:
            return _MISS
        if entry[0] <= self._clock():
            del self._memory[key]
            return _MISS
        self._memory.move_to_end(key)
        return entry[1]

    def _remember(self, key: str, expires_at: float, value: object) -> None:
        self._memory[key] = (expires_at, value)
        self._memory.move_to_end(key)
        while len(self._memory) > self._policy.memory_entries:
            self._memory.popitem(last=False)

    def _settle(self, key: str, done: "asyncio.Future[object]") -> None:
        self._inflight.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved here so an unawaited failure is not logged as lost

    async def _load(self, key: str, method: str, fetch: Callable[[], Awaitable[object]]) -> object:
        now = self._clock()
        stored = await self._store.get(key, now) if self._store else None
        if stored is not None:
            try:
                value = codec.decode(method, stored[0])
            except (msgspec.DecodeError, msgspec.ValidationError) as exc:
                log.info("dropping a cached %s written by another schema: %s", method, exc)
            else:
                self.stats.store_hits += 1
                self._remember(key, stored[1], value)
                return value
        self.stats.upstream_calls += 1
        value = await fetch()
        expires_at = self._clock() + self._policy.ttl_for(method)
        self._remember(key, expires_at, value)
        if self._store is not None:
            await self._store.put(key, codec.encode(value), expires_at, self._clock())
        return value
