"""The composition root: which adapter serves each port with these `Settings`, in one file.

Shape, top to bottom:
1. Ports. One provider per port, named after it and typed with it
   (`media_catalog: providers.Provider[MediaCatalog]`). A port with several adapters is a
   `providers.Selector` over a choice read from the settings (`entrypoints/choices.py`); a
   decorator (cache, metering) is bound right here, around the adapter it wraps.
2. Resources. Anything that opens (a database, an HTTP pool, background runs) has one
   `providers.Resource(opened, <its provider>)` (`entrypoints/lifecycle.py`); the app lifespan
   inits them all and shuts them down in reverse dependency order. Nothing depends on a Resource.
3. Use cases, built from the ports.

Adding a provider is one edit: a new adapter is one more Selector branch (plus a Resource if it
opens something); a new use case is one line in section 3. Tests replace a port with
`container.<port>.override(fake)`: a fake that opens nothing passes through its Resource.
"""

from dependency_injector import containers, providers

from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.adapters.catalog_cache.store import SqliteResponseStore
from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.live_media_catalog import LiveMediaCatalog
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.adapters.offline_media_catalog import OfflineMediaCatalog
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.postgres_conversation_index import PostgresConversationIndex
from movie_analyst.adapters.postgres_response_store import PostgresResponseStore
from movie_analyst.adapters.prometheus_metrics import PrometheusMetrics
from movie_analyst.adapters.redis_replica_leases import RedisReplicaLeases
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.adapters.sqlite_conversation_index import SqliteConversationIndex
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tvmaze_episodes import TvmazeEpisodes
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.conversation_index import ConversationIndex
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.entrypoints import choices
from movie_analyst.entrypoints.auth_ports import AuthPorts
from movie_analyst.entrypoints.lifecycle import background_runs, opened
from movie_analyst.entrypoints.run_ports import IN_PROCESS, RunPorts
from movie_analyst.entrypoints.settings import Settings
from movie_analyst.entrypoints.use_cases import UseCases


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    # 1. Ports -----------------------------------------------------------------------------
    # The Metrics port; typed with the adapter because /metrics also serves its exposition.
    metrics: providers.Provider[PrometheusMetrics] = providers.Singleton(PrometheusMetrics)
    # DATABASE_URL's scheme (else the DATABASE_PATH file) picks the engine.
    database_engine = settings.provided.database.engine
    database_location = settings.provided.database.location
    chat_repository: providers.Provider[ChatRepository] = providers.Selector(
        database_engine,
        sqlite=providers.Singleton(SqliteChatRepository, settings.provided.database.location),
        postgresql=providers.Singleton(
            PostgresChatRepository,
            settings.provided.database.location,
            pool_size=settings.provided.database_pool_size,
        ),
    )
    retry_policy = providers.Singleton(choices.retry_policy, settings)

    # MEDIA_CATALOG=auto|tmdb|offline: TMDB + TVMaze behind the response cache, or the film table.
    catalog_choice = providers.Callable(choices.choose_catalog, settings)
    tmdb_http = providers.Selector(
        catalog_choice,
        tmdb=providers.Singleton(choices.http_client, "tmdb", settings, metrics),
        offline=providers.Object(None),
    )
    tvmaze_http = providers.Selector(  # /lookup/shows answers 301 -> /shows/{id}
        catalog_choice,
        tmdb=providers.Singleton(
            choices.http_client,
            "tvmaze",
            settings,
            metrics,
            follow_redirects=True,
            headers={"User-Agent": choices.USER_AGENT},
        ),
        offline=providers.Object(None),
    )
    media_catalog: providers.Provider[MediaCatalog] = providers.Selector(
        catalog_choice,
        tmdb=providers.Singleton(
            CachedMediaCatalog,
            inner=providers.Singleton(
                LiveMediaCatalog,
                providers.Singleton(
                    TmdbClient,
                    http=tmdb_http,
                    base_url=settings.provided.tmdb_base_url,
                    policy=retry_policy,
                    api_key=providers.Callable(
                        choices.required,
                        settings.provided.tmdb_api_key,
                        "MEDIA_CATALOG=tmdb needs TMDB_API_KEY",
                    ),
                ),
                providers.Singleton(
                    TvmazeEpisodes,
                    http=tvmaze_http,
                    base_url=settings.provided.tvmaze_base_url,
                    policy=retry_policy,
                ),
                region=settings.provided.default_region,
            ),
            store=providers.Selector(  # on the chat store's engine: shared by every process
                database_engine,
                sqlite=providers.Singleton(
                    SqliteResponseStore, providers.Callable(choices.catalog_cache_path, settings)
                ),
                postgresql=providers.Singleton(
                    PostgresResponseStore, settings.provided.database.location
                ),
            ),
        ),
        offline=providers.Singleton(
            OfflineMediaCatalog, providers.Callable(choices.offline_catalog_path, settings)
        ),
    )

    # LLM_PROVIDER=auto|concentrate|openai|offline; each remote one gets one pooled client.
    llm_choice = providers.Callable(choices.choose_llm, settings)
    llm_http = providers.Selector(
        llm_choice,
        concentrate=providers.Singleton(choices.http_client, "concentrate", settings, metrics),
        openai=providers.Singleton(choices.http_client, "openai", settings, metrics),
        offline=providers.Object(None),
    )
    llm_gateway: providers.Provider[LLMGateway] = providers.Selector(
        llm_choice,
        concentrate=providers.Singleton(
            ConcentrateLLMGateway,
            client=llm_http,
            base_url=settings.provided.concentrate_base_url,
            api_key=providers.Callable(
                choices.required,
                settings.provided.concentrate_api_key,
                "LLM_PROVIDER=concentrate needs CONCENTRATE_API_KEY",
            ),
            default_model=providers.Callable(
                choices.model_or, settings.provided.default_model, choices.CONCENTRATE_DEFAULT_MODEL
            ),
            max_output_tokens=settings.provided.max_output_tokens,
            policy=retry_policy,
        ),
        openai=providers.Singleton(
            OpenAICompatibleLLMGateway,
            client=llm_http,
            api_key=settings.provided.openai_api_key,
            base_url=providers.Callable(
                choices.required,
                settings.provided.openai_base_url,
                "LLM_PROVIDER=openai needs OPENAI_BASE_URL",
            ),
            default_model=providers.Callable(
                choices.model_or, settings.provided.default_model, choices.OPENAI_DEFAULT_MODEL
            ),
            max_output_tokens=settings.provided.max_output_tokens,
            policy=retry_policy,
        ),
        offline=providers.Singleton(OfflineLLMGateway, catalog=media_catalog),
    )

    # Runs: in this process, or (REDIS_URL) through Redis, so any replica serves any run.
    runs = providers.Container(
        RunPorts, settings=settings, chat_repository=chat_repository, metrics=metrics
    )
    run_event_log: providers.Provider[RunEventLog] = runs.run_event_log
    task_runner: providers.Provider[TaskRunner] = runs.task_runner
    session_runs: providers.Provider[SessionRunRegistry] = runs.session_runs
    agent: providers.Provider[Agent] = providers.Singleton(
        choices.llama_index_agent, settings, llm_gateway, media_catalog
    )
    # Finds the session of an OpenAI client's conversation, on the chat store's engine.
    conversation_index: providers.Provider[ConversationIndex] = providers.Selector(
        database_engine,
        sqlite=providers.Singleton(
            SqliteConversationIndex, providers.Callable(choices.conversation_index_path, settings)
        ),
        postgresql=providers.Singleton(PostgresConversationIndex, database_location),
    )

    auth = providers.Container(AuthPorts, settings=settings, chat_repository=chat_repository)

    # 2. Resources -------------------------------------------------------------------------
    users_opened = providers.Resource(opened, auth.serving_directory)
    chat_repository_opened = providers.Resource(opened, chat_repository)
    media_catalog_opened = providers.Resource(opened, media_catalog)
    conversation_index_opened = providers.Resource(opened, conversation_index)
    tmdb_http_opened = providers.Resource(opened, tmdb_http)
    tvmaze_http_opened = providers.Resource(opened, tvmaze_http)
    llm_http_opened = providers.Resource(opened, llm_http)

    # 3. Use cases (`entrypoints/use_cases.py`), built on the ports above.
    use_cases = providers.Container(
        UseCases,
        settings=settings,
        chat_repository=chat_repository,
        llm_gateway=llm_gateway,
        run_event_log=run_event_log,
        task_runner=task_runner,
        session_runs=session_runs,
        run_owners=runs.run_owners,
        usage_limits=runs.usage_limits,
        agent=agent,
        conversation_index=conversation_index,
        media_catalog=media_catalog,
    )

    # With Redis, a survivor recovers a dead replica's runs within RUN_LEASE_SECONDS.
    replica_leases: providers.Provider[RedisReplicaLeases | None] = providers.Selector(
        runs.choice,
        redis=providers.Singleton(
            RedisReplicaLeases,
            redis=runs.redis,
            recover=use_cases.recover_orphaned_run,
            lease_seconds=settings.provided.run_lease_seconds,
        ),
        **{IN_PROCESS: providers.Object(None)},
    )
    redis_opened = providers.Resource(opened, runs.redis)
    task_runner_opened = providers.Resource(opened, task_runner, redis_opened)  # cancel channel
    # Renewed until the runs have stopped, so no survivor takes over a run still winding down.
    replica_leases_opened = providers.Resource(opened, replica_leases, task_runner_opened)

    # Opens after the Resources it lists (the runs use them) and closes before them.
    runs_opened = providers.Resource(
        background_runs,
        use_cases.recover_interrupted_runs,
        task_runner,
        agent.provider,
        settings.provided.shutdown_grace_seconds,
        chat_repository_opened,
        media_catalog_opened,
        tmdb_http_opened,
        tvmaze_http_opened,
        llm_http_opened,
        replica_leases_opened,
    )
