"""LLM_PROVIDER selection in the composition root, and the pooled client's lifecycle."""

import httpx
import pytest

from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.entrypoints.container import build_container
from movie_analyst.entrypoints.settings import SettingsError, load_settings
from movie_analyst.entrypoints.wiring.llm import HttpPool, choose_provider

KEY = {"CONCENTRATE_API_KEY": "sk-cn-v1-x"}
BASE = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "offline"),
        (KEY, "concentrate"),
        (BASE, "openai"),
        ({**KEY, **BASE}, "concentrate"),
        ({**KEY, **BASE, "LLM_PROVIDER": "openai"}, "openai"),
        ({**KEY, "LLM_PROVIDER": "offline"}, "offline"),
    ],
)
def test_auto_prefers_concentrate_then_openai_then_offline(
    env: dict[str, str], expected: str
) -> None:
    assert choose_provider(load_settings(env, dotenv=None)) == expected


@pytest.mark.parametrize(
    ("env", "gateway_type", "default_model"),
    [
        ({}, OfflineLLMGateway, "offline-analyst"),
        (KEY, ConcentrateLLMGateway, "openai/gpt-4o-mini"),
        ({**BASE, "DEFAULT_MODEL": "llama3.1:8b"}, OpenAICompatibleLLMGateway, "llama3.1:8b"),
    ],
)
async def test_the_container_builds_the_chosen_gateway(
    env: dict[str, str], gateway_type: type, default_model: str
) -> None:
    container = build_container(load_settings(env, dotenv=None))

    gateway = container.llm.gateway()

    assert isinstance(gateway, gateway_type)
    assert gateway is container.llm.gateway()  # one instance per app
    assert gateway.default_model == default_model
    for resource in container.llm.managed():
        await resource.aclose()


async def test_a_remote_provider_gets_one_pooled_client_closed_at_shutdown() -> None:
    container = build_container(load_settings({**KEY, "HTTP_TIMEOUT": "7"}, dotenv=None))

    pool = container.llm.pool()
    managed = container.llm.managed()

    assert isinstance(pool, HttpPool) and managed == [pool]
    assert pool.client.timeout == httpx.Timeout(7.0)
    await pool.start()
    await pool.aclose()
    assert pool.client.is_closed


def test_offline_opens_no_http_pool() -> None:
    container = build_container(load_settings({}, dotenv=None))
    assert container.llm.pool() is None
    assert container.llm.managed() == []


@pytest.mark.parametrize("provider", ["concentrate", "openai"])
def test_a_forced_remote_provider_without_its_setting_fails_clearly(provider: str) -> None:
    container = build_container(load_settings({"LLM_PROVIDER": provider}, dotenv=None))
    with pytest.raises(SettingsError, match="needs"):
        container.llm.gateway()
