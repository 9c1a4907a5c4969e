"""The ports runs are coordinated through, bound by `Settings.coordination` (REDIS_URL).

"in-process": one server process is the whole system (events in memory, asyncio tasks, local
locks). "redis": any replica joins, replays, cancels and recovers any run, through one Redis;
each replica still keeps the runs it executes in a local log, so its own followers never wait
on Redis. `Container.runs` is this container; the ports are re-exported there by name.
"""

from dependency_injector import containers, providers

from movie_analyst.adapters.asyncio_task_runner import AsyncioTaskRunner
from movie_analyst.adapters.in_memory_usage_limits import InMemoryUsageLimits
from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.metered_run_event_log import MeteredRunEventLog
from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.adapters.redis_run_event_log import RedisRunEventLog
from movie_analyst.adapters.redis_run_owners import RedisRunOwners
from movie_analyst.adapters.redis_session_runs import RedisSessionRuns
from movie_analyst.adapters.redis_task_runner import RedisTaskRunner
from movie_analyst.adapters.redis_usage_limits import RedisUsageLimits
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.metrics import Metrics
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns
from movie_analyst.entrypoints import choices
from movie_analyst.entrypoints.settings import Settings

IN_PROCESS = "in-process"  # not an identifier, so its Selector branches are passed by `**`


class RunPorts(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    chat_repository: providers.Dependency[ChatRepository] = providers.Dependency()
    metrics: providers.Dependency[Metrics] = providers.Dependency()

    choice = settings.provided.coordination
    redis: providers.Provider[RedisCoordination | None] = providers.Selector(
        choice,
        redis=providers.Singleton(
            RedisCoordination,
            url=settings.provided.redis_url,
            prefix=settings.provided.redis_key_prefix,
        ),
        **{IN_PROCESS: providers.Object(None)},
    )
    local_events = providers.Singleton(
        InMemoryRunEventLog,
        retention_seconds=choices.EVENT_RETENTION_SECONDS,
        repository=chat_repository,
    )
    # Runs are counted from their events, by a meter around the log (metrics stay per replica).
    run_event_log: providers.Provider[RunEventLog] = providers.Singleton(
        MeteredRunEventLog,
        inner=providers.Selector(
            choice,
            redis=providers.Singleton(
                RedisRunEventLog,
                redis=redis,
                local=local_events,
                retention_seconds=choices.EVENT_RETENTION_SECONDS,
                repository=chat_repository,  # finished runs replayed from it after retention
            ),
            **{IN_PROCESS: local_events},
        ),
        metrics=metrics,
        repository=chat_repository,
    )
    local_runner = providers.Singleton(AsyncioTaskRunner)
    task_runner: providers.Provider[TaskRunner] = providers.Selector(
        choice,
        redis=providers.Singleton(RedisTaskRunner, redis=redis, inner=local_runner),
        **{IN_PROCESS: local_runner},
    )
    session_runs: providers.Provider[SessionRunRegistry] = providers.Selector(
        choice,
        redis=providers.Singleton(RedisSessionRuns, redis=redis),
        **{IN_PROCESS: providers.Singleton(SessionRuns)},
    )
    # Which runs a live replica owns, so a replica's startup recovery leaves them alone.
    run_owners: providers.Provider[RedisRunOwners | None] = providers.Selector(
        choice,
        redis=providers.Singleton(
            RedisRunOwners, redis=redis, lease_seconds=settings.provided.run_lease_seconds
        ),
        **{IN_PROCESS: providers.Object(None)},
    )
    # USER_RUNS_PER_MINUTE / USER_TOKENS_PER_DAY: counted where runs are coordinated, so
    # every replica and worker shares one budget per user; None (no check at all) when unset.
    usage_limits: providers.Provider[UsageLimits | None] = providers.Selector(
        settings.provided.usage_limits,
        off=providers.Object(None),
        redis=providers.Singleton(
            RedisUsageLimits,
            redis=redis,
            runs_per_minute=settings.provided.user_runs_per_minute,
            tokens_per_day=settings.provided.user_tokens_per_day,
        ),
        **{
            IN_PROCESS: providers.Singleton(
                InMemoryUsageLimits,
                runs_per_minute=settings.provided.user_runs_per_minute,
                tokens_per_day=settings.provided.user_tokens_per_day,
            )
        },
    )
