"""The Litestar app factory: `create_app(container)`; `uvicorn ... --factory` calls it bare."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig

from movie_analyst import __version__
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http import (
    admin,
    archive,
    health,
    me,
    metrics,
    models,
    runs,
    sessions,
)
from movie_analyst.entrypoints.http.auth import Guard, ProxyGuard, TokenGuard, UserKeyGuard
from movie_analyst.entrypoints.http.conformance import (
    fix_options_allow,
    install_contract,
    strict_body,
)
from movie_analyst.entrypoints.http.errors import EXCEPTION_HANDLERS
from movie_analyst.entrypoints.http.identity import IDENTITY
from movie_analyst.entrypoints.http.middleware import RequestContextMiddleware
from movie_analyst.entrypoints.http.observability import ObservabilityMiddleware
from movie_analyst.entrypoints.http.openai_compat import routes as openai_routes
from movie_analyst.entrypoints.lifecycle import running
from movie_analyst.entrypoints.mcp.http import McpHttp
from movie_analyst.entrypoints.settings import load_settings

# Each module exposes `build(container) -> Router`; its routes and dependencies stay inside it.
ROUTE_MODULES = (health, sessions, runs, models, archive, metrics, me, admin, openai_routes)

MAX_BODY_BYTES = 64 * 1024


def create_app(container: Container | None = None) -> Litestar:
    container = container or Container(settings=load_settings())
    settings = container.settings()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        async with running(container):
            yield

    mcp = McpHttp(container)  # the MCP server at /mcp, beside the routers
    app = Litestar(
        route_handlers=[*_routers(container), mcp.route()],
        lifespan=[lifespan, mcp.lifespan],
        on_startup=[install_contract],
        before_request=strict_body,
        before_send=[fix_options_allow],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        dependencies=IDENTITY,  # `user` and `owner`: who calls, and whose space it works in
        cors_config=CORSConfig(
            allow_origins=list(settings.allowed_origins),
            allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=[
                "content-type",
                "authorization",
                "x-request-id",
                "last-event-id",
                "x-session-id",  # names the conversation of an OpenAI-style request (/v1)
            ],
            expose_headers=["x-request-id", "x-session-id"],
        ),
        openapi_config=OpenAPIConfig(title="Movie Analyst API", version=__version__),
        request_max_body_size=MAX_BODY_BYTES,
        middleware=[ObservabilityMiddleware(container.metrics())],
        debug=False,
        # The process entrypoint (`movie-analyst serve`) configures logging once; Litestar's
        # default config would replace the root handlers with its own text format.
        logging_config=None,
    )
    # Outside Litestar's router, not in `middleware=`: route middleware never sees an unknown
    # path or a wrong method, and those errors need a request id (and the auth check) too.
    app.asgi_handler = RequestContextMiddleware(app.asgi_handler, guard=_guard(container))
    return app


def _guard(container: Container) -> Guard | None:
    """The bearer check AUTH_MODE asks for (none: every route is open)."""
    settings = container.settings()
    if settings.auth == "token" and settings.api_auth_token:
        return TokenGuard(settings.api_auth_token)
    if settings.auth == "users":
        return UserKeyGuard(container.auth.authenticate())
    if settings.auth == "proxy":
        return ProxyGuard(
            container.auth.proxy_user(),
            trusted=settings.trusted_proxies,
            header=settings.proxy_user_header,
        )
    return None


def _routers(container: Container) -> list[Router]:
    return [module.build(container) for module in ROUTE_MODULES]
