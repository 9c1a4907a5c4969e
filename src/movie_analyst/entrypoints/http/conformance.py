"""Where Litestar's defaults and our API contract differ, the small hooks that close the gap.

- `strict_body` (before_request): Litestar converts bodies leniently (`0` becomes `false`,
  `"5"` becomes `5`); the body is checked again against its declared type with msgspec's strict
  rules, so what the schema says is what the server accepts.
- `fix_options_allow` (before_send): Litestar's automatic OPTIONS answer lists only the methods
  of the first handler registered on a path; it now lists every method of the route.
- `install_contract` (on_startup): completes the served OpenAPI document (`contract.py`).
"""

from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.exceptions import SerializationException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from movie_analyst.entrypoints.http.contract import complete_contract


async def strict_body(request: Request[Any, Any, Any]) -> None:
    body_type = _body_type(request.scope.get("route_handler"))
    if body_type is None or not await request.body():
        return
    try:
        decoded = await request.json()
    except SerializationException:
        return  # malformed JSON: Litestar's own decoding answers 400 for it right after
    try:
        msgspec.convert(decoded, body_type, strict=True)
    except msgspec.ValidationError as exc:
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": str(exc), "key": "data", "source": "body"}],
        ) from None


def _body_type(handler: object) -> Any:
    if not isinstance(handler, HTTPRouteHandler):
        return None
    data = handler.parsed_fn_signature.parameters.get("data")
    return None if data is None else data.annotation


async def fix_options_allow(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    handler = scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return
    methods = _methods_by_path(scope["app"]).get(next(iter(handler.paths), ""))
    if methods is None:
        return
    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
    headers.append((b"allow", ", ".join(methods).encode()))
    message["headers"] = headers


def _methods_by_path(app: Litestar) -> dict[str, list[str]]:
    cached: dict[str, list[str]] | None = app.state.get("allow_by_path")
    if cached is None:
        cached = {
            route.path: sorted(route.methods)
            for route in app.routes
            if isinstance(route, HTTPRoute)
        }
        app.state["allow_by_path"] = cached
    return cached


def body_types(app: Litestar) -> list[type]:
    """The declared request-body type of every route."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            body_type = _body_type(handler)
            if body_type is not None:
                found.append(body_type)
    return found


def install_contract(app: Litestar) -> None:
    # The served document is this cached dict (Litestar's own plugin, looked up by name).
    document: dict[str, Any] = app.plugins.get("OpenAPIPlugin").provide_openapi_schema()
    complete_contract(document, body_types(app))
    _optional_bodies(app, document)


def _optional_bodies(app: Litestar, document: dict[str, Any]) -> None:
    """A body whose parameter has a default may be left out: say `required: false`."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            data = _data_field(handler)
            if data is None or not data.has_default:
                continue
            for method in handler.http_methods:
                operation = document["paths"].get(_schema_path(route.path), {}).get(method.lower())
                if operation and "requestBody" in operation:
                    operation["requestBody"]["required"] = False


def _data_field(handler: object) -> Any:
    if not isinstance(handler, HTTPRouteHandler):
        return None
    return handler.parsed_fn_signature.parameters.get("data")


def _schema_path(route_path: str) -> str:
    """`/session/{session_id:str}` -> `/session/{session_id}`, as the document spells it."""
    parts = []
    for part in route_path.split("/"):
        if part.startswith("{") and ":" in part:
            part = part.split(":")[0] + "}"
        parts.append(part)
    return "/".join(parts)
