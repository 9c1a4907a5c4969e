import msgspec

from movie_analyst.application.errors import RunNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.domain.run import RunStatus


class CancelOutcome(msgspec.Struct, frozen=True, kw_only=True):
    run_id: str
    cancelled: bool  # False when the run had already ended
    status: RunStatus


class CancelRun:
    """Stop one run and wait until it has stopped. Raises `RunNotFound`, also for a run of
    another `owner`'s session (which is left running).

    Rules: the run's own job records the outcome (`cancelled`, partial answer kept with a
    stopped marker); cancelling an ended run changes nothing and says `cancelled: false`.
    """

    def __init__(self, *, repository: ChatRepository, runner: TaskRunner) -> None:
        self._repository = repository
        self._runner = runner

    async def execute(self, run_id: str, *, owner: str | None = None) -> CancelOutcome:
        if owner is not None and await self._repository.get_run(run_id, owner=owner) is None:
            raise RunNotFound(run_id)
        cancelled = await self._runner.cancel(run_id)
        run = await self._repository.get_run(run_id)
        if run is None:
            raise RunNotFound(run_id)
        return CancelOutcome(run_id=run_id, cancelled=cancelled, status=run.status)
