"""RedisReplicaLeases: each replica renews a lease; a survivor finishes a dead replica's runs.

A replica's lease key expires `0.6 x lease` after its last renewal; every replica renews its
own and sweeps the others every `0.2 x lease`, so a dead replica's runs are recovered within
`lease` seconds of its death. One survivor wins the right to recover each dead replica (`SET NX`),
takes ownership of its runs, and hands each to RecoverOrphanedRun.
"""

import asyncio
import contextlib
import logging
import time

from redis.exceptions import RedisError

from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.application.use_cases.runs.recover_orphaned_run import RecoverOrphanedRun

log = logging.getLogger(__name__)

# KEYS: run-owner, run-session, dead's runs, my runs. ARGV: run id, my id. Returns its session.
_ADOPT = """
local session = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
if not session then return false end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[1])
return session
"""


class RedisReplicaLeases:
    def __init__(
        self, *, redis: RedisCoordination, recover: RecoverOrphanedRun, lease_seconds: float
    ) -> None:
        self._redis = redis
        self._recover = recover
        self._lease = lease_seconds
        self._adopt = redis.client.register_script(_ADOPT)
        self._task: asyncio.Task[None] | None = None
        self.recovered = 0  # runs taken over from dead replicas, for tests and logs

    @property
    def interval(self) -> float:
        return self._lease / 5

    async def start(self) -> None:
        with contextlib.suppress(RedisError, OSError):  # Redis down: the loop retries
            await self.renew()
        self._task = asyncio.create_task(self._loop(), name="redis-replica-leases")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        r = self._redis
        with contextlib.suppress(RedisError, OSError):
            await r.client.delete(r.key("replica", r.replica_id))
            if not await r.client.scard(r.key("replica", r.replica_id, "runs")):
                await r.client.srem(r.key("replicas"), r.replica_id)

    async def renew(self) -> None:
        r = self._redis
        ttl_ms = max(100, int(self._lease * 600))
        async with r.client.pipeline(transaction=True) as tx:
            tx.set(r.key("replica", r.replica_id), str(time.time()), px=ttl_ms)
            tx.sadd(r.key("replicas"), r.replica_id)
            await tx.execute()

    async def sweep(self) -> int:
        """Recover the runs of every replica whose lease expired; returns how many runs."""
        r, recovered = self._redis, 0
        for raw in await r.client.smembers(r.key("replicas")):
            replica = raw.decode() if isinstance(raw, bytes) else raw
            if replica == r.replica_id or await r.client.exists(r.key("replica", replica)):
                continue
            claim = r.key("replica", replica, "reaper")
            if await r.client.set(claim, r.replica_id, nx=True, px=int(self._lease * 1000)):
                recovered += await self._take_over(replica)
        self.recovered += recovered
        return recovered

    async def _take_over(self, dead: str) -> int:
        r, count = self._redis, 0
        runs = r.key("replica", dead, "runs")
        for raw in await r.client.smembers(runs):
            run_id = raw.decode() if isinstance(raw, bytes) else raw
            keys = [r.key("run-owner"), r.key("run-session"), runs]
            keys.append(r.key("replica", r.replica_id, "runs"))
            session = await self._adopt(keys=keys, args=[run_id, r.replica_id])
            if session is not None:
                session_id = session.decode() if isinstance(session, bytes) else session
                count += await self._recover_one(run_id, session_id, dead)
        if not await r.client.scard(runs):
            await r.client.srem(r.key("replicas"), dead)
        return count

    async def _recover_one(self, run_id: str, session_id: str, dead: str) -> int:
        try:
            status = await self._recover.execute(run_id, session_id)
        except Exception:
            # Handed back: the next sweep (after this claim lapses) tries again.
            log.exception("run %s of dead replica %s: recovery failed", run_id, dead)
            await self._redis.client.sadd(self._redis.key("replica", dead, "runs"), run_id)
            return 0
        log.warning("run %s of dead replica %s recovered as %s", run_id, dead, status)
        return 1

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.renew()
                await self.sweep()
            except (RedisError, OSError) as exc:
                log.warning("replica lease: Redis unreachable (%s); retrying", exc)
            except Exception:
                log.exception("replica lease: sweep failed; retrying")
