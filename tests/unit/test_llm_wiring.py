"""LLM_PROVIDER selection in the composition root, and the pooled client's lifecycle."""

import httpx
import pytest

from movie_analyst.adapters.concentrate_llm_gateway import ConcentrateLLMGateway
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.adapters.openai_compatible_llm_gateway import OpenAICompatibleLLMGateway
from movie_analyst.entrypoints.choices import choose_llm
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.lifecycle import running
from movie_analyst.entrypoints.settings import SettingsError, load_settings

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
    assert choose_llm(load_settings(env, dotenv=None)) == expected


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
    container = Container(settings=load_settings(env, dotenv=None))

    gateway = container.llm_gateway()

    assert isinstance(gateway, gateway_type)
    assert gateway is container.llm_gateway()  # one instance per app
    assert gateway.default_model == default_model
    client = container.llm_http()
    if client is not None:
        await client.aclose()


async def test_a_remote_provider_gets_one_pooled_client_closed_at_shutdown() -> None:
    container = Container(settings=load_settings({**KEY, "HTTP_TIMEOUT": "7"}, dotenv=None))

    container.runs_opened.override(None)  # the client alone: no agent, no database
    container.chat_repository_opened.override(None)
    container.media_catalog_opened.override(None)

    client = container.llm_http()
    gateway = container.llm_gateway()

    assert isinstance(client, httpx.AsyncClient) and client.timeout == httpx.Timeout(7.0)
    assert isinstance(gateway, ConcentrateLLMGateway) and gateway._upstream.client is client
    async with running(container):
        assert not client.is_closed
    assert client.is_closed


def test_offline_opens_no_http_pool() -> None:
    container = Container(settings=load_settings({}, dotenv=None))
    assert container.llm_http() is None


@pytest.mark.parametrize("provider", ["concentrate", "openai"])
def test_a_forced_remote_provider_without_its_setting_fails_clearly(provider: str) -> None:
    container = Container(settings=load_settings({"LLM_PROVIDER": provider}, dotenv=None))
    with pytest.raises(SettingsError, match="needs"):
        container.llm_gateway()
