"""RedisSessionRuns: every replica sees each session's active runs, in order, in one Redis list.

The admission lock is a `SET NX PX` key with a random token (released only by its holder, and
expiring on its own if the holder dies). A run's turn comes when it heads its session's list;
waiting runs poll the head, which is cheap and only happens when messages are queued.
Round trips per chat are kept few (each costs ~0.3 ms of CPU in redis-py): taking the lock
also reads the session's runs (what SubmitMessage asks next), a run registered into an empty
list knows it heads it, and unregistering is one script.
"""

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator

from movie_analyst.adapters.redis_coordination import RedisCoordination, translated
from movie_analyst.application.errors import CoordinationUnavailable
from movie_analyst.application.ports.session_runs import SessionRunRegistry

log = logging.getLogger(__name__)

ADMISSION_TTL_MS = 10_000
ADMISSION_WAIT_SECONDS = 10.0
TURN_POLL_SECONDS = 0.02
RELEASE_RETRY_SECONDS = 0.5
RELEASE_ATTEMPTS = 1200  # ten minutes

_RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# KEYS: lock, the session's runs. ARGV: token, ttl ms. The runs once locked, else nil.
_LOCK_AND_LIST = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('LRANGE', KEYS[2], 0, -1)
end
return false
"""
# KEYS: the session's runs, run-owner, run-session. ARGV: run id, then the owner's run set is
# ARGV[2] .. owner .. ARGV[3] (named here: one Redis, not a cluster).
_RELEASE = """
redis.call('LREM', KEYS[1], 0, ARGV[1])
local owner = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if owner then redis.call('SREM', ARGV[2] .. owner .. ARGV[3], ARGV[1]) end
return 1
"""


class RedisSessionRuns(SessionRunRegistry):
    def __init__(self, *, redis: RedisCoordination) -> None:
        self._redis = redis
        self._release_lock = redis.client.register_script(_RELEASE_LOCK)
        self._lock_and_list = redis.client.register_script(_LOCK_AND_LIST)
        self._release_run = redis.client.register_script(_RELEASE)
        self._retries: set[asyncio.Task[None]] = set()
        self._listed: dict[str, list[str]] = {}  # runs read with an admission lock, until used
        self._heads: set[str] = set()  # runs registered into an empty list: theirs is the turn

    @contextlib.asynccontextmanager
    async def admission(self, session_id: str) -> AsyncIterator[None]:
        key, token = self._redis.key("session", session_id, "admission"), secrets.token_hex(8)
        self._listed[session_id] = await self._acquire(key, token, self._runs(session_id))
        try:
            yield
        finally:
            self._listed.pop(session_id, None)
            with contextlib.suppress(CoordinationUnavailable):  # it expires by itself
                async with translated("release a session's admission lock"):
                    await self._release_lock(keys=[key], args=[token])

    async def register(self, session_id: str, run_id: str) -> None:
        r = self._redis
        async with translated("register a run"), r.client.pipeline(transaction=True) as tx:
            tx.rpush(self._runs(session_id), run_id)
            tx.hset(r.key("run-owner"), run_id, r.replica_id)
            tx.hset(r.key("run-session"), run_id, session_id)
            tx.sadd(r.key("replica", r.replica_id, "runs"), run_id)
            length, *_ = await tx.execute()
        if length == 1:
            self._heads.add(run_id)

    @contextlib.asynccontextmanager
    async def turn(self, session_id: str, run_id: str) -> AsyncIterator[None]:
        try:
            await self._wait_for_head(session_id, run_id)
            yield
        finally:
            self._heads.discard(run_id)
            try:
                await self.release(session_id, run_id)
            except CoordinationUnavailable as exc:
                log.warning("run %s: could not unregister it (%s); retrying", run_id, exc)
                self._release_later(session_id, run_id)

    async def active(self, session_id: str) -> list[str]:
        listed = self._listed.pop(session_id, None)  # read as the admission lock was taken
        if listed is not None:
            return listed
        async with translated("list a session's runs"):
            runs = await self._redis.client.lrange(self._runs(session_id), 0, -1)
        return [_text(run) for run in runs]

    async def release(self, session_id: str, run_id: str) -> None:
        r = self._redis
        self._heads.discard(run_id)
        keys = [self._runs(session_id), r.key("run-owner"), r.key("run-session")]
        async with translated("unregister a run"):
            await self._release_run(keys=keys, args=[run_id, r.key("replica", ""), ":runs"])

    def _release_later(self, session_id: str, run_id: str) -> None:
        """Keep trying while this process lives: a run left registered keeps its session busy
        (and if this process dies first, a survivor's sweep releases it)."""
        task = asyncio.create_task(self._retry_release(session_id, run_id))
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)

    async def _retry_release(self, session_id: str, run_id: str) -> None:
        for _ in range(RELEASE_ATTEMPTS):
            await asyncio.sleep(RELEASE_RETRY_SECONDS)
            with contextlib.suppress(CoordinationUnavailable):
                await self.release(session_id, run_id)
                return
        log.error("run %s: still registered in Redis after %d attempts", run_id, RELEASE_ATTEMPTS)

    async def _acquire(self, key: str, token: str, runs: str) -> list[str]:
        """Take the lock; the session's runs as they were then."""
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + ADMISSION_WAIT_SECONDS, 0.002
        while True:
            async with translated("lock a session"):
                listed = await self._lock_and_list(keys=[key, runs], args=[token, ADMISSION_TTL_MS])
                if listed is not None:
                    return [_text(run) for run in listed]
            if loop.time() > deadline:
                raise CoordinationUnavailable(f"could not lock {key} within the time limit")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)

    async def _wait_for_head(self, session_id: str, run_id: str) -> None:
        if run_id in self._heads:
            return
        key = self._runs(session_id)
        while True:
            async with translated("wait for a run's turn"):
                head = await self._redis.client.lindex(key, 0)
                if head is None or _text(head) == run_id:
                    return
                if await self._redis.client.lpos(key, run_id) is None:
                    return  # no longer registered (released elsewhere): run it rather than lose it
            await asyncio.sleep(TURN_POLL_SECONDS)

    def _runs(self, session_id: str) -> str:
        return self._redis.key("session", session_id, "runs")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
