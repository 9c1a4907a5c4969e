"""Health, request ids and the optional bearer token, over the real app."""

import logging
from pathlib import Path

import pytest
from dependency_injector import providers

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.middleware import RequestIdFilter, request_id_var
from movie_analyst.entrypoints.settings import load_settings
from tests.support.storage import api_client, app_client, storage_container

TOKEN = "s3cret-token"


@pytest.mark.parametrize("path", ["/health", "/api/v1/health"])
async def test_health_reports_each_component(tmp_path: Path, path: str) -> None:
    env = {"LLM_PROVIDER": "offline", "MEDIA_CATALOG": "offline"}
    async with api_client(tmp_path, env) as client:
        response = await client.get(path)
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok" and body["version"]
        assert body["components"]["database"]["status"] == "ok"
        assert body["components"]["llm"] == {"provider": "offline"}
        assert body["components"]["catalog"]["name"] == "offline"


@pytest.mark.parametrize(
    ("env", "notice"),
    [
        ({"MEDIA_CATALOG": "offline"}, "Wikidata contributors (CC0"),
        (
            {"MEDIA_CATALOG": "tmdb", "TMDB_API_KEY": "k"},
            "This product uses the TMDB API but is not endorsed or certified by TMDB",
        ),
    ],
)
async def test_health_carries_the_catalogs_attribution(
    tmp_path: Path, env: dict[str, str], notice: str
) -> None:
    settings = {"DATABASE_PATH": str(tmp_path / "chat.db"), "LLM_PROVIDER": "offline", **env}
    container = Container(settings=load_settings(settings, dotenv=None))
    async with app_client(container) as client:
        catalog = (await client.get("/api/v1/health")).json()["components"]["catalog"]
    assert notice in catalog["attribution"]


async def test_health_says_when_the_database_is_down(tmp_path: Path) -> None:
    container = storage_container(tmp_path)
    async with app_client(container) as client:
        repository = container.chat_repository()
        await repository.aclose()
        response = await client.get("/health")
        assert response.status_code == 503
        assert response.json()["components"]["database"]["status"] == "unavailable"
        await repository.start()  # so the lifespan can close it again


async def test_a_sane_request_id_is_echoed_and_others_replaced(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        echoed = await client.get("/health", headers={"X-Request-ID": "abc-123"})
        assert echoed.headers["x-request-id"] == "abc-123"
        for bad in ("bad id with spaces", "x" * 200, "<script>"):
            replaced = await client.get("/health", headers={"X-Request-ID": bad})
            assert replaced.headers["x-request-id"] not in ("", bad)
        first = (await client.get("/health")).headers["x-request-id"]
        second = (await client.get("/health")).headers["x-request-id"]
        assert first != second
        missing = await client.get("/api/v1/session/nope", headers={"X-Request-ID": "r-404"})
        assert missing.status_code == 404 and missing.headers["x-request-id"] == "r-404"


async def test_log_lines_inside_a_request_carry_its_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    container = storage_container(tmp_path)
    container.llm_gateway.override(providers.Callable(_broken))
    async with app_client(container) as client:
        caplog.set_level(logging.WARNING)
        await client.get("/health", headers={"X-Request-ID": "trace-me"})
    ids = [getattr(r, "request_id", None) for r in caplog.records if "health" in r.name]
    assert ids and set(ids) == {"trace-me"}
    assert request_id_var.get() is None  # reset once the request is over


def _broken() -> object:
    """A gateway whose construction fails, so the health route logs a warning."""
    raise RuntimeError("no gateway")


async def test_the_bearer_token_guards_the_api_but_not_health(tmp_path: Path) -> None:
    async with api_client(tmp_path, {"API_AUTH_TOKEN": TOKEN}) as client:
        refused = await client.get("/api/v1/sessions", headers={"X-Request-ID": "r-401"})
        assert refused.status_code == 401
        assert refused.json()["error"] == "unauthorized"
        assert refused.headers["www-authenticate"] == "Bearer"
        assert refused.headers["x-request-id"] == "r-401"
        wrong = await client.get("/api/v1/sessions", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        basic = await client.get("/api/v1/sessions", headers={"Authorization": f"Basic {TOKEN}"})
        assert basic.status_code == 401
        created = await client.post(
            "/api/v1/session/new", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert created.status_code == 200
        assert (await client.get("/api/v1/health")).status_code == 200
        assert (await client.get("/health")).status_code == 200


async def test_without_a_token_the_api_is_open(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        assert (await client.get("/api/v1/sessions")).status_code == 200
