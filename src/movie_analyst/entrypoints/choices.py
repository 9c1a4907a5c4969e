"""What the container reads from `Settings`: the adapter each Selector picks, required keys,
default models, retry policy, file paths, the pooled HTTP clients and the agent's builder.

Plain functions, so each rule is tested on its own and the container stays a list of bindings.
"""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from movie_analyst import __version__
from movie_analyst.adapters.api_client import ApiClient
from movie_analyst.adapters.catalog_cache.store import cache_path_for
from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.metered_http_transport import MeteredTransport
from movie_analyst.adapters.offline_media_catalog import default_catalog_path
from movie_analyst.adapters.redis_run_owners import RedisRunOwners
from movie_analyst.adapters.sqlite_conversation_index import index_path_for
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.application.ports.metrics import Metrics
from movie_analyst.application.use_cases.runs.resume_queued_run import ResumeQueuedRun
from movie_analyst.application.use_cases.sessions.import_session import ImportLimits
from movie_analyst.domain.run import Run
from movie_analyst.entrypoints.settings import Settings, SettingsError

CONCENTRATE_DEFAULT_MODEL = "openai/gpt-4o-mini"  # "auto" routes unreliably (CONCENTRATE.md §7.1)
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
# TVMaze asks clients to identify themselves with a distinctive User-Agent.
USER_AGENT = f"movie-analyst/{__version__} (open-source movie & TV research agent)"
EVENT_RETENTION_SECONDS = 600.0


def choose_catalog(settings: Settings) -> str:
    """MEDIA_CATALOG; auto = "tmdb" when TMDB_API_KEY is set, else "offline"."""
    if settings.media_catalog != "auto":
        return settings.media_catalog
    return "tmdb" if settings.tmdb_api_key else "offline"


def choose_llm(settings: Settings) -> str:
    """LLM_PROVIDER; auto = Concentrate with a key, else OpenAI-compatible with a base URL."""
    if settings.llm_provider != "auto":
        return settings.llm_provider
    if settings.concentrate_api_key:
        return "concentrate"
    if settings.openai_base_url:
        return "openai"
    return "offline"


def required(value: str | None, message: str) -> str:
    """The setting's value; a chosen adapter whose setting is missing stops with `message`."""
    if not value:
        raise SettingsError(message)
    return value


def model_or(configured: str | None, default: str) -> str:
    return configured or default


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(attempts=settings.http_retries + 1)


def offline_catalog_path(settings: Settings) -> str:
    """The film table the server reads: OFFLINE_CATALOG_PATH, else one file in the user cache."""
    return default_catalog_path(settings.offline_catalog_path)


def catalog_cache_path(settings: Settings) -> str:
    """The live catalog's response cache on SQLite: `<database file stem>-cache.db`."""
    return cache_path_for(settings.database.location)


def conversation_index_path(settings: Settings) -> str:
    """On SQLite, OpenAI clients' conversation keys: `<database file stem>-conversations.db`."""
    return index_path_for(settings.database.location)


def http_client(
    upstream: str, settings: Settings, metrics: Metrics, **options: Any
) -> httpx.AsyncClient:
    """One pooled client per upstream (HTTP_TIMEOUT), metered; creating it opens no socket."""
    return ApiClient(
        timeout=httpx.Timeout(settings.http_timeout),
        transport=MeteredTransport(
            upstream, metrics, pool_transport(settings.http_max_connections)
        ),
        **options,
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_run_id() -> str:
    return str(uuid.uuid4())


def default_model_of(gateway: LLMGateway) -> Callable[[], str]:
    """Read at each submit, so a gateway that learns its default later is followed."""
    return lambda: gateway.default_model


def still_running_of(owners: RedisRunOwners | None) -> Callable[[Run], Awaitable[bool]] | None:
    """Startup recovery's filter: with Redis, runs a live replica owns are not this one's."""
    return owners.still_running if owners is not None else None


def import_limits_of(settings: Settings) -> ImportLimits:
    return ImportLimits(
        max_messages=settings.import_max_messages,
        max_answer_chars=settings.import_max_answer_chars,
        max_database_bytes=settings.database_max_bytes,
    )


def startup_resume_of(
    owners: RedisRunOwners | None, resume: ResumeQueuedRun
) -> Callable[[Run], Awaitable[bool]] | None:
    """Startup recovery runs the queued messages again with the in-process registry only: with
    Redis, a dead replica's queue is taken over by a survivor's lease (RecoverOrphanedRun)."""
    return resume.execute if owners is None else None


def llama_index_agent(settings: Settings, gateway: LLMGateway, catalog: MediaCatalog) -> Agent:
    # Imported here, not at module level: llama-index takes seconds to import, and only the
    # agent needs it (the runs Resource builds the agent, so the cost is paid at startup).
    from movie_analyst.adapters.llama_index.mimic import MimicStreaming
    from movie_analyst.adapters.llama_index_agent import LlamaIndexAgent
    from movie_analyst.adapters.llama_index_loop_agent import LlamaIndexLoopAgent
    from movie_analyst.adapters.llama_index_tools_agent import LlamaIndexToolsAgent

    engines: dict[str, type[LlamaIndexAgent | LlamaIndexLoopAgent | LlamaIndexToolsAgent]] = {
        "workflow": LlamaIndexAgent,
        "tools": LlamaIndexToolsAgent,
    }
    engine = engines.get(settings.agent_engine, LlamaIndexLoopAgent)
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
