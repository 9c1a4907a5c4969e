"""The agent's media tools, framework-free: specs, argument schemas, one safe entry to call them.

`call_tool` is what every agent runtime calls. It never raises for the model's mistakes or for
questions the catalog cannot answer (LiveDataUnavailable, InvalidRequest): those come back as
`{"error": "<sentence>"}` so the model can correct itself or pass the sentence on. Only
`UpstreamError` (a live service failing after retries) propagates, because the run should report
it rather than the model paper over it.
"""

from typing import Any

import msgspec

from movie_analyst.application.errors import InvalidRequest, LiveDataUnavailable
from movie_analyst.application.media_tools.encode import encode
from movie_analyst.application.media_tools.specs import MEDIA_TOOLS, TOOLS_BY_NAME, ToolSpec
from movie_analyst.application.media_tools.status import summarize_call, summarize_result
from movie_analyst.application.ports.media_catalog import MediaCatalog

__all__ = [
    "MEDIA_TOOLS",
    "ToolArgsError",
    "ToolSpec",
    "call_tool",
    "decode_args",
    "summarize_call",
    "summarize_result",
    "tool_args_schema",
]

_encoder = msgspec.json.Encoder()
_LOWERCASE = ("kind", "window", "source")


def tool_args_schema(spec: ToolSpec) -> dict[str, Any]:
    """The JSON schema (an object schema, no `$ref`) of the tool's Action Input."""
    schema = msgspec.json.schema(spec.args)
    body: dict[str, Any] = schema["$defs"][spec.args.__name__]
    body.pop("title", None)
    body.setdefault("properties", {})
    return body


class ToolArgsError(ValueError):
    """The model's arguments do not fit the tool; the message says how to fix them."""


def decode_args(spec: ToolSpec, raw_args: dict[str, Any] | str | None) -> msgspec.Struct:
    """Validate leniently: "2016" -> 2016, "Movie" -> "movie"; a bare string fills the one
    required field (models often write `Action Input: Arrival`)."""
    values = _as_dict(spec, raw_args)
    for key in _LOWERCASE:
        if isinstance(values.get(key), str):
            values[key] = values[key].strip().lower()
    try:
        return msgspec.convert(values, spec.args, strict=False)
    except msgspec.ValidationError as exc:
        raise ToolArgsError(f"Invalid arguments for {spec.name}: {exc}. {_usage(spec)}") from None


async def call_tool(
    catalog: MediaCatalog,
    name: str,
    raw_args: dict[str, Any] | str | None,
    *,
    default_region: str = "US",
) -> str:
    """Run one tool and return compact JSON text (see `compact` for the shape rules)."""
    spec = TOOLS_BY_NAME.get(name)
    if spec is None:
        return _error(f"There is no tool named {name!r}. Tools: {', '.join(TOOLS_BY_NAME)}.")
    try:
        args = decode_args(spec, raw_args)
    except ToolArgsError as exc:
        return _error(str(exc))
    if getattr(args, "region", "") is None:
        args = msgspec.structs.replace(args, region=default_region)
    try:
        result = await spec.call(catalog, args)
    except (LiveDataUnavailable, InvalidRequest) as exc:
        return _error(str(exc))
    if result is None:
        return _error(_not_found(spec, args))
    return _encoder.encode(encode(result)).decode()


def _as_dict(spec: ToolSpec, raw_args: dict[str, Any] | str | None) -> dict[str, Any]:
    if raw_args is None:
        return {}
    if isinstance(raw_args, dict):
        return dict(raw_args)
    text = raw_args.strip()
    if not text:
        return {}
    try:
        decoded = msgspec.json.decode(text)
    except msgspec.DecodeError:
        decoded = text.strip("\"'")
    if isinstance(decoded, dict):
        return decoded
    required = _required(spec)
    if len(required) == 1:
        return {required[0]: decoded}
    raise_text = f"Action Input for {spec.name} must be a JSON object. {_usage(spec)}"
    raise ToolArgsError(raise_text)


def _required(spec: ToolSpec) -> list[str]:
    required: list[str] = tool_args_schema(spec).get("required", [])
    return required


def _usage(spec: ToolSpec) -> str:
    fields = tool_args_schema(spec)["properties"]
    required = set(_required(spec))
    keys = [f"{k} (required)" if k in required else k for k in fields]
    return f"Expected keys: {', '.join(keys) or 'none'}."


def _not_found(spec: ToolSpec, args: msgspec.Struct) -> str:
    what = ", ".join(f"{k}={getattr(args, k)!r}" for k in args.__struct_fields__)
    return (
        f"Nothing found for {spec.name} with {what}. "
        "Check the id with search_media, or tell the user it is not in the catalog."
    )


def _error(sentence: str) -> str:
    return _encoder.encode({"error": sentence}).decode()
