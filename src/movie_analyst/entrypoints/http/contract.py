"""Make the served OpenAPI document say exactly what the routes do.

Litestar documents each route's success response and a generic 400. Our routes can also answer
401 (AUTH_MODE token or users), 403 (admin routes), 404 (unknown ids), 409, 413, 500, 502-504
and 507, always with the error body of `errors.py`; some answer other media types than JSON;
and bodies that refuse unknown keys must say `additionalProperties: false`.
`complete_contract` edits the generated document (a plain dict) once, at startup, from the
tables below.
"""

from typing import Any

import msgspec

from movie_analyst.entrypoints.http.errors import all_error_codes

ERROR_SCHEMA_NAME = "Error"
API_PREFIX = "/api/v1/"
ADMIN_PREFIX = "/api/v1/admin/"
OPEN_API_PATHS = frozenset({"/api/v1/health"})

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error: its status, a stable `error` code and a readable `detail`.",
    "properties": {
        "status_code": {"type": "integer"},
        "error": {"type": "string", "enum": all_error_codes()},
        "detail": {"type": "string"},
        "extra": {},
        "run_id": {"type": "string"},
        "upstream": {"type": "string"},
        "retry_after": {"type": "number"},
    },
    "required": ["status_code", "error", "detail"],
}

DESCRIPTIONS = {
    400: "Invalid request (validation failed, malformed JSON, bad parameter)",
    401: "Missing, wrong or revoked bearer token or API key (AUTH_MODE token or users), or no "
    "user header from a trusted proxy (AUTH_MODE proxy)",
    403: "Not an admin: the admin routes refuse every other signed-in user",
    404: "Unknown session, run, message or user; another user's answers the same, so ids "
    "leak nothing",
    409: "The session already has an active run (CONCURRENT_MESSAGE_POLICY=reject)",
    413: "Request body too large",
    429: "The user's budget is spent (USER_RUNS_PER_MINUTE or USER_TOKENS_PER_DAY); nothing "
    "was stored. Retry-After says in how many seconds it renews",
    500: "Internal error",
    502: "The LLM or catalog upstream failed or refused the key",
    503: "Storage, run coordination (Redis) or an upstream is unavailable (or rate limited)",
    504: "The answer took too long",
    507: "The database has reached DATABASE_MAX_BYTES",
}

# Statuses beyond the generic ones (400, 401 under /api/v1, 404 with a path id, 413 with a
# body, 500), per operation.
EXTRA_STATUSES: dict[tuple[str, str], tuple[int, ...]] = {
    ("post", "/api/v1/chat"): (404, 409, 429, 502, 503, 504),
    # With REDIS_URL these ask Redis (who runs it, which runs a session has): 503 when it is down.
    ("get", "/api/v1/runs/{run_id}/events"): (503,),
    ("post", "/api/v1/runs/{run_id}/cancel"): (503,),
    ("get", "/api/v1/session/{session_id}/status"): (503,),
    ("post", "/api/v1/session/{session_id}/cancel"): (503,),
    ("delete", "/api/v1/session/{session_id}"): (503,),  # they stop the session's runs first
    ("delete", "/api/v1/session/{session_id}/messages"): (503,),
    ("post", "/api/v1/sessions/import"): (507,),
    ("get", "/health"): (503,),
    ("get", "/api/v1/health"): (503,),
}

RETRY_AFTER = {"description": "Seconds until the budget renews", "schema": {"type": "integer"}}
TEXT = {"schema": {"type": "string"}}
# OpenAPI 3.1 reads the `schema` of an event stream as the schema of each event.
SSE = {
    "schema": {
        "type": "object",
        "description": "One Server-Sent Event; `data` is a JSON object: `content`, `step` or "
        "the last one, `done`",
        "properties": {
            "data": {"type": "string", "contentMediaType": "application/json"},
            "id": {"type": "string"},
            "event": {"type": "string"},
        },
        "required": ["data"],
    }
}
# Media types a route answers besides (or instead of) its JSON body.
MEDIA_TYPES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/chat"): {"text/event-stream": SSE},
    ("get", "/api/v1/session/{session_id}/export"): {"text/markdown": TEXT},
}
ONLY_MEDIA_TYPES: dict[tuple[str, str], dict[str, Any]] = {
    ("get", "/api/v1/runs/{run_id}/events"): {"text/event-stream": SSE},
}


def complete_contract(document: dict[str, Any], closed_bodies: list[type]) -> None:
    """Edit the generated OpenAPI `document` in place (idempotent)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    for name in closed_struct_names(closed_bodies):
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _complete_operation(method, path, operation)


def _complete_operation(method: str, path: str, operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    for status in _statuses(method, path, operation):
        responses[str(status)] = _error_response(status)
    success = responses.get("200", {})
    if (method, path) in ONLY_MEDIA_TYPES:
        success["content"] = dict(ONLY_MEDIA_TYPES[method, path])
    success.setdefault("content", {}).update(MEDIA_TYPES.get((method, path), {}))


def _statuses(method: str, path: str, operation: dict[str, Any]) -> list[int]:
    statuses = {500, *EXTRA_STATUSES.get((method, path), ())}
    if operation.get("parameters") or "requestBody" in operation:
        statuses.add(400)
    if path.startswith(API_PREFIX) and path not in OPEN_API_PATHS:
        statuses.add(401)
    if path.startswith(ADMIN_PREFIX):
        statuses.add(403)
    if "{" in path:
        statuses.add(404)
    if "requestBody" in operation:
        statuses.add(413)
    return sorted(statuses)


def _error_response(status: int) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    found = {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": ref}}}
    if status == 429:
        found["headers"] = {"Retry-After": RETRY_AFTER}
    return found


def closed_struct_names(types: list[type]) -> set[str]:
    """Names of the msgspec Structs (nested ones included) that refuse unknown fields."""
    names: set[str] = set()
    for info in _struct_infos(types):
        if info.forbid_unknown_fields:
            names.add(info.cls.__name__)
    return names


def _struct_infos(types: list[type]) -> list[msgspec.inspect.StructType]:
    found: dict[type, msgspec.inspect.StructType] = {}
    pending: list[msgspec.inspect.Type] = [msgspec.inspect.type_info(t) for t in types]
    while pending:
        info = pending.pop()
        if isinstance(info, msgspec.inspect.StructType):
            if info.cls in found:
                continue
            found[info.cls] = info
            pending.extend(field.type for field in info.fields)
        elif isinstance(info, msgspec.inspect.UnionType):
            pending.extend(info.types)
        elif isinstance(info, msgspec.inspect.ListType | msgspec.inspect.DictType):
            pending.extend(_children(info))
    return list(found.values())


def _children(info: msgspec.inspect.Type) -> list[msgspec.inspect.Type]:
    if isinstance(info, msgspec.inspect.DictType):
        return [info.key_type, info.value_type]
    if isinstance(info, msgspec.inspect.ListType):
        return [info.item_type]
    return []
