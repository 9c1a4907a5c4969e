from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.domain.run import Run, RunStatus


class ResumeQueuedRun:
    """Run, in this process, a run its process left `queued` with its message still waiting
    (the enqueue policy), instead of losing that message; returns False for any other run.

    Rules: call it in the order the runs were queued: each keeps its place in its session's
    queue. `register=False` when the session registry already lists the run (a shared one).
    """

    def __init__(
        self,
        *,
        events: RunEventLog,
        runner: TaskRunner,
        sessions: SessionRunRegistry,
        execute_run: ExecuteRun,
    ) -> None:
        self._events = events
        self._runner = runner
        self._sessions = sessions
        self._execute_run = execute_run

    async def execute(self, run: Run, *, register: bool = True) -> bool:
        message = run.pending_message
        if run.status is not RunStatus.QUEUED or message is None:
            return False
        if register:
            await self._sessions.register(run.session_id, run.id)
        self._events.open(run.id, run.session_id)
        self._runner.submit(run.id, lambda: self._execute_run.execute(run, message))
        return True
