"""LLM gateway wiring: `LLM_PROVIDER=auto|concentrate|openai|offline` picks the adapter.

auto = Concentrate if CONCENTRATE_API_KEY is set, else OpenAI-compatible if OPENAI_BASE_URL is set,
else the offline analyst. Each remote upstream gets one pooled `httpx.AsyncClient` (HTTP_TIMEOUT),
created only when its provider is chosen and closed at shutdown through `managed`.
"""

import httpx
from dependency_injector import containers, providers

from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.metered_http_transport import MeteredTransport
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.application.ports.metrics import Metrics, NoMetrics
from movie_analyst.application.use_cases.models.list_models import ListModels
from movie_analyst.entrypoints.settings import Settings, SettingsError
from movie_analyst.entrypoints.wiring.managed import Managed

CONCENTRATE_DEFAULT_MODEL = "openai/gpt-4o-mini"  # "auto" routes unreliably (CONCENTRATE.md §7.1)
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"


def choose_provider(settings: Settings) -> str:
    if settings.llm_provider != "auto":
        return settings.llm_provider
    if settings.concentrate_api_key:
        return "concentrate"
    if settings.openai_base_url:
        return "openai"
    return "offline"


class HttpPool(Managed):
    """One pooled client per upstream. Creating it opens nothing; `aclose` drops its sockets."""

    def __init__(self, settings: Settings, upstream: str, metrics: Metrics) -> None:
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.http_timeout),
            transport=MeteredTransport(
                upstream, metrics, pool_transport(settings.http_max_connections)
            ),
        )

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        await self.client.aclose()


def _policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(attempts=settings.http_retries + 1)


def _concentrate(settings: Settings, pool: HttpPool) -> ConcentrateLLMGateway:
    if not settings.concentrate_api_key:
        raise SettingsError("LLM_PROVIDER=concentrate needs CONCENTRATE_API_KEY")
    return ConcentrateLLMGateway(
        client=pool.client,
        api_key=settings.concentrate_api_key,
        base_url=settings.concentrate_base_url,
        default_model=settings.default_model or CONCENTRATE_DEFAULT_MODEL,
        max_output_tokens=settings.max_output_tokens,
        policy=_policy(settings),
    )


def _openai(settings: Settings, pool: HttpPool) -> OpenAICompatibleLLMGateway:
    if not settings.openai_base_url:
        raise SettingsError("LLM_PROVIDER=openai needs OPENAI_BASE_URL")
    return OpenAICompatibleLLMGateway(
        client=pool.client,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        default_model=settings.default_model or OPENAI_DEFAULT_MODEL,
        max_output_tokens=settings.max_output_tokens,
        policy=_policy(settings),
    )


def _managed(pool: HttpPool | None, gateway: object) -> list[Managed]:
    return [item for item in (pool, gateway) if isinstance(item, Managed)]


class LLMContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    catalog: providers.Dependency[object] = providers.Dependency()
    metrics: providers.Dependency[Metrics] = providers.Dependency(default=NoMetrics())

    choice = providers.Callable(choose_provider, settings)
    pool = providers.Selector(
        choice,
        concentrate=providers.Singleton(HttpPool, settings, "concentrate", metrics),
        openai=providers.Singleton(HttpPool, settings, "openai", metrics),
        offline=providers.Object(None),
    )
    gateway = providers.Selector(
        choice,
        concentrate=providers.Singleton(_concentrate, settings, pool),
        openai=providers.Singleton(_openai, settings, pool),
        offline=providers.Singleton(OfflineLLMGateway, catalog=catalog),
    )
    list_models = providers.Singleton(ListModels, gateway=gateway)
    managed = providers.Callable(_managed, pool, gateway)
