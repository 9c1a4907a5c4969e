"""Two real `movie-analyst serve` replicas sharing one PostgreSQL database and one Redis (its
own key prefix), against one fake LLM: what a scaled-out deployment is, on 127.0.0.1."""

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.fakes.http.llm_script import Reply
from tests.fakes.http.loopback import RecordedRequest
from tests.fakes.llm_gateway import answer
from tests.support.server_process import ServerProcess, serve_process

LEASE_SECONDS = 2.0
LONG = Reply(text=answer(" ".join(f"w{i}" for i in range(300))), token_delay=0.03)
MEDIUM = Reply(text=answer(" ".join(f"m{i}" for i in range(25))), token_delay=0.04)
QUICK_ANSWER = "Quickly answered."


def scripted_reply(request: RecordedRequest) -> Reply:
    """ "long ..." streams ~9 s, "medium ..." ~1 s; anything else answers at once."""
    asked = json.dumps(request.body["messages"][-1])
    if "long" in asked:
        return LONG
    return MEDIUM if "medium" in asked else Reply(text=answer(QUICK_ANSWER))


@contextmanager
def two_replicas(
    directory: Path, llm_url: str, database_url: str, redis_url: str, prefix: str, **env: str
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    shared = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "RUN_LEASE_SECONDS": str(LEASE_SECONDS),
        **env,
    }
    (directory / "a").mkdir(parents=True, exist_ok=True)
    (directory / "b").mkdir(parents=True, exist_ok=True)
    with (
        serve_process(directory / "a", llm_url, **shared) as a,
        serve_process(directory / "b", llm_url, **shared) as b,
    ):
        yield a, b


async def active_run(client: httpx.AsyncClient, session_id: str, runs: int = 1) -> str:
    """The session's first active run, once it has `runs` of them (asked of any replica)."""
    deadline = time.monotonic() + 10
    while True:
        status = (await client.get(f"/api/v1/session/{session_id}/status")).json()
        if status["pending"] and status["task_count"] >= runs:
            return str(status["run_id"])
        assert time.monotonic() < deadline, f"no active run in {session_id}: {status}"
        await asyncio.sleep(0.02)


async def run_status(client: httpx.AsyncClient, run_id: str) -> str:
    return str((await client.get(f"/api/v1/runs/{run_id}")).json()["status"])
