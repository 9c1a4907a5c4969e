"""Agent-run wiring: the task runner, the event log, the agent and the run use cases."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from dependency_injector import containers, providers

from movie_analyst.adapters.asyncio_task_runner import AsyncioTaskRunner
from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.application.use_cases.runs.cancel_run import CancelRun
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.get_run_status import GetRunStatus
from movie_analyst.application.use_cases.runs.get_session_status import GetSessionStatus
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import (
    RecoverInterruptedRuns,
)
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns
from movie_analyst.application.use_cases.runs.submit_message import SubmitMessage
from movie_analyst.entrypoints.settings import Settings
from movie_analyst.entrypoints.wiring.managed import Managed

SHUTDOWN_GRACE_SECONDS = 10.0
EVENT_RETENTION_SECONDS = 600.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_run_id() -> str:
    return str(uuid.uuid4())


def llama_index_agent(settings: Settings, gateway: LLMGateway, catalog: MediaCatalog) -> Agent:
    # Imported here, not at module level: llama-index takes seconds to import, and only the
    # agent needs it (RunsLifecycle.start builds the agent, so the cost is paid at startup).
    from movie_analyst.adapters.llama_index.mimic import MimicStreaming
    from movie_analyst.adapters.llama_index_agent import LlamaIndexAgent
    from movie_analyst.adapters.llama_index_loop_agent import LlamaIndexLoopAgent

    engine = LlamaIndexAgent if settings.agent_engine == "workflow" else LlamaIndexLoopAgent
    return engine(
        gateway=gateway,
        catalog=catalog,
        max_iterations=settings.agent_max_iterations,
        mimic=MimicStreaming(
            batch_words=settings.mimic_stream_batch_words,
            delay_seconds=settings.mimic_stream_delay_ms / 1000,
        ),
        memory_token_limit=settings.agent_memory_token_limit,
        max_output_tokens=settings.max_output_tokens,
        default_region=settings.default_region,
    )


def default_model_of(gateway: LLMGateway) -> Callable[[], str]:
    return lambda: gateway.default_model


class RunsLifecycle(Managed):
    """Startup: close the runs a crash left open, then build the agent (pays the llama-index
    import before the first request). Shutdown: cancel in-flight runs, which mark themselves."""

    def __init__(
        self,
        *,
        recover: RecoverInterruptedRuns,
        runner: AsyncioTaskRunner,
        agent: Callable[[], Agent],
    ) -> None:
        self._recover = recover
        self._runner = runner
        self._agent = agent

    async def start(self) -> None:
        await self._recover.execute()
        self._agent()

    async def aclose(self) -> None:
        await self._runner.shutdown(SHUTDOWN_GRACE_SECONDS)


class RunsContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    repository: providers.Dependency[object] = providers.Dependency()
    llm: providers.Dependency[object] = providers.Dependency()
    catalog: providers.Dependency[object] = providers.Dependency()

    runner = providers.Singleton(AsyncioTaskRunner)
    events = providers.Singleton(
        InMemoryRunEventLog, retention_seconds=EVENT_RETENTION_SECONDS, repository=repository
    )
    sessions = providers.Singleton(SessionRuns)
    agent = providers.Singleton(llama_index_agent, settings, llm, catalog)

    hydrate = providers.Singleton(
        HydrateMemory,
        repository=repository,
        token_limit=settings.provided.agent_memory_token_limit,
    )
    execute_run = providers.Singleton(
        ExecuteRun,
        repository=repository,
        agent=agent,
        events=events,
        sessions=sessions,
        hydrate=hydrate,
        timeout_seconds=settings.provided.agent_timeout_seconds,
        clock=providers.Object(utc_now),
    )
    submit_message = providers.Singleton(
        SubmitMessage,
        repository=repository,
        runner=runner,
        events=events,
        execute_run=execute_run,
        sessions=sessions,
        policy=settings.provided.concurrent_message_policy,
        default_model=providers.Callable(default_model_of, llm),
        new_id=providers.Object(new_run_id),
        clock=providers.Object(utc_now),
    )
    follow_run = providers.Singleton(FollowRun, repository=repository, events=events)
    get_run_status = providers.Singleton(GetRunStatus, repository=repository)
    get_session_status = providers.Singleton(
        GetSessionStatus, repository=repository, sessions=sessions
    )
    cancel_run = providers.Singleton(CancelRun, repository=repository, runner=runner)
    cancel_session = providers.Singleton(CancelSession, runner=runner, sessions=sessions)
    recover = providers.Singleton(
        RecoverInterruptedRuns, repository=repository, clock=providers.Object(utc_now)
    )

    lifecycle = providers.Singleton(
        RunsLifecycle, recover=recover, runner=runner, agent=agent.provider
    )
    managed = providers.List(lifecycle)
