"""Access log, /metrics and /ready on a small Litestar app with our middleware and routes."""

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar import Litestar, get
from litestar.middleware import DefineMiddleware
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http import metrics as metrics_routes
from movie_analyst.entrypoints.http.middleware import RequestContextMiddleware
from movie_analyst.entrypoints.http.observability import ObservabilityMiddleware
from movie_analyst.entrypoints.logging import JsonFormatter
from movie_analyst.entrypoints.settings import Settings
from tests.fakes.media_catalog import FakeMediaCatalog


@get("/api/v1/things/{thing_id:str}", sync_to_thread=False)
def thing(thing_id: str) -> dict[str, str]:
    return {"id": thing_id}


@get("/api/v1/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("boom")


def _container(database: Path, *, configured: bool = True) -> Container:
    container = Container(settings=Settings(database_path=str(database)))
    adapter = object() if configured else None
    for provider in (
        container.chat_repository,
        container.media_catalog,
        container.llm_gateway,
    ):
        provider.override(providers.Object(adapter))
    return container


def _app(container: Container) -> Litestar:
    return Litestar(
        route_handlers=[thing, boom, metrics_routes.build(container)],
        middleware=[
            DefineMiddleware(RequestContextMiddleware),
            ObservabilityMiddleware(container.metrics()),
        ],
        logging_config=None,
        state={"container": container},  # type: ignore[arg-type]
    )


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=_app(_container(tmp_path / "chat.db"))) as client:
        yield client


async def test_one_access_line_per_request_with_route_status_and_request_id(
    client: AsyncTestClient[Litestar], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="movie_analyst.access"):
        response = await client.get("/api/v1/things/t-7", headers={"x-request-id": "abc-1"})
        failed = await client.get("/api/v1/boom")
    assert response.status_code == 200 and failed.status_code == 500
    first, second = (json.loads(JsonFormatter().format(r)) for r in caplog.records)
    assert first["request_id"] == "abc-1"
    assert first["route"] == "/api/v1/things/{thing_id}"
    assert first["path"] == "/api/v1/things/t-7"
    assert (first["method"], first["status"]) == ("GET", 200)
    assert first["duration_ms"] >= 0
    assert second["status"] == 500 and second["request_id"] != "abc-1"


async def test_metrics_expose_the_request_histogram_by_route_template(
    client: AsyncTestClient[Litestar],
) -> None:
    for thing_id in ("a", "b", "c"):
        await client.get(f"/api/v1/things/{thing_id}")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    counts = {
        (s.labels["route"], s.labels["status"]): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
        if s.name == "movie_analyst_http_request_duration_seconds_count"
    }
    assert counts[("/api/v1/things/{thing_id}", "200")] == 3
    assert "movie_analyst_runs_in_flight" in response.text


async def test_probes_log_at_debug_only(
    client: AsyncTestClient[Litestar], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="movie_analyst.access"):
        await client.get("/metrics")
    assert caplog.records == []


async def test_ready_when_the_database_takes_writes_and_adapters_exist(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "storage": "ok", "catalog": "ok", "llm": "ok"},
    }


async def test_not_ready_when_the_database_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "missing-dir" / "chat.db"
    async with AsyncTestClient(app=_app(_container(blocked, configured=False))) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["checks"]["database"].startswith("error:")
    assert body["checks"]["llm"] == "not configured"


async def test_not_ready_while_another_writer_holds_the_database(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "chat.db"
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        async with AsyncTestClient(app=_app(_container(path))) as client:
            response = await client.get("/ready")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert "locked" in response.json()["checks"]["database"]


async def test_metrics_include_the_live_catalog_cache_tallies(tmp_path: Path) -> None:
    container = _container(tmp_path / "chat.db")
    cached = CachedMediaCatalog(FakeMediaCatalog())
    container.media_catalog.override(providers.Object(cached))
    container.metrics().cache_lookup("other", hit=True)
    cached.stats.memory_hits, cached.stats.store_hits, cached.stats.upstream_calls = 3, 2, 4
    async with AsyncTestClient(app=_app(container)) as client:
        text = (await client.get("/metrics")).text
    values = {
        (s.labels["cache"], s.labels["result"]): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "movie_analyst_cache_lookups_total"
    }
    assert values == {("catalog", "hit"): 5, ("catalog", "miss"): 4, ("other", "hit"): 1}
