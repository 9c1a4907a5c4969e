"""GET /api/v1/models through the real app, with the gateway chosen from settings."""

import uuid
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.http.llm_script import Reply
from tests.fakes.http.openai_server import FakeOpenAIServer
from tests.support.llm_servers import openai_server

__all__ = ["openai_server"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One directory for the module: the offline catalog builds its cache once per directory.
    return tmp_path_factory.mktemp("models_route")


async def get_models(data_dir: Path, env: dict[str, str]) -> tuple[int, object]:
    database = data_dir / f"chat-{uuid.uuid4().hex}.db"
    settings = load_settings({"DATABASE_PATH": str(database), **env}, dotenv=None)
    async with AsyncTestClient(app=create_app(Container(settings=settings))) as client:
        response = await client.get("/api/v1/models")
        return response.status_code, response.json()


async def test_offline_lists_the_offline_analyst(data_dir: Path) -> None:
    status, body = await get_models(data_dir, {"LLM_PROVIDER": "offline"})

    assert status == 200
    assert body == {
        "default": "offline-analyst",
        "models": [
            {
                "id": "offline-analyst",
                "name": "Offline analyst (no key needed)",
                "provider": "offline",
            }
        ],
    }


async def test_an_openai_compatible_server_lists_its_models_and_the_default(
    data_dir: Path, openai_server: FakeOpenAIServer
) -> None:
    env = {"OPENAI_BASE_URL": openai_server.base_url, "DEFAULT_MODEL": "my-local-model"}
    status, body = await get_models(data_dir, env)

    assert status == 200
    assert body["default"] == "my-local-model"  # type: ignore[index]
    assert [m["id"] for m in body["models"]] == ["my-local-model", "gpt-4o-mini", "llama3.1:8b"]  # type: ignore[index]


async def test_a_failing_model_list_still_answers_with_the_default(
    data_dir: Path, openai_server: FakeOpenAIServer
) -> None:
    openai_server.models_reply = Reply.http_error(500)
    env = {"OPENAI_BASE_URL": openai_server.base_url, "HTTP_RETRIES": "0"}
    status, body = await get_models(data_dir, env)

    assert status == 200
    assert body == {
        "default": "gpt-4o-mini",
        "models": [{"id": "gpt-4o-mini", "name": "gpt-4o-mini", "provider": "openai"}],
    }
    assert len(openai_server.requests) == 1
