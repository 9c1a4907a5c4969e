from movie_analyst.application.errors import RunNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.run import Run


class GetRunStatus:
    """A run's status, timings and error. Raises `RunNotFound` (also for another `owner`'s)."""

    def __init__(self, *, repository: ChatRepository) -> None:
        self._repository = repository

    async def execute(self, run_id: str, *, owner: str | None = None) -> Run:
        run = await self._repository.get_run(run_id, owner=owner)
        if run is None:
            raise RunNotFound(run_id)
        return run
