import asyncio

import pytest

from movie_analyst.adapters.asyncio_task_runner import AsyncioTaskRunner
from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.task_runner import SHUTDOWN_REASON


async def test_jobs_run_in_the_background_and_are_forgotten_when_done() -> None:
    runner = AsyncioTaskRunner()
    finished = asyncio.Event()

    async def job() -> None:
        await asyncio.sleep(0.01)
        finished.set()

    runner.submit("a", job)
    assert runner.is_active("a") and runner.active_count() == 1
    with pytest.raises(InvalidRequest):
        runner.submit("a", job)
    await asyncio.wait_for(finished.wait(), 2)
    await asyncio.sleep(0)
    assert not runner.is_active("a") and runner.active_count() == 0
    assert await runner.cancel("a") is False


async def test_cancel_waits_for_the_job_to_wind_down() -> None:
    runner = AsyncioTaskRunner()
    wound_down: list[tuple[object, ...]] = []

    async def job() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as exc:
            await asyncio.sleep(0.01)  # e.g. storing the partial answer
            wound_down.append(exc.args)
            raise

    runner.submit("a", job)
    await asyncio.sleep(0.01)
    assert await runner.cancel("a") is True
    assert wound_down == [()]


async def test_shutdown_cancels_every_job_with_the_shutdown_reason() -> None:
    runner = AsyncioTaskRunner()
    reasons: list[tuple[object, ...]] = []

    async def job() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as exc:
            reasons.append(exc.args)
            raise

    for job_id in ("a", "b"):
        runner.submit(job_id, job)
    await asyncio.sleep(0.01)
    await runner.aclose()
    assert reasons == [(SHUTDOWN_REASON,), (SHUTDOWN_REASON,)]
    assert runner.active_count() == 0


async def test_a_crashing_job_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    runner = AsyncioTaskRunner()

    async def job() -> None:
        raise RuntimeError("boom")

    runner.submit("a", job)
    await asyncio.sleep(0.01)
    assert "job a crashed" in caplog.text
