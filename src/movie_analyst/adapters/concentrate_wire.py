"""Concentrate AI's Responses API wire shapes, as far as the gateway reads them.

Unknown fields are ignored (the API adds fields over time); every field has a default because
live replies omit fields the docs list (CONCENTRATE.md §7.2).
"""

import msgspec


class Part(msgspec.Struct):
    type: str = ""
    text: str = ""


class Item(msgspec.Struct):
    type: str = ""  # "message", or "function_call" (with call_id, name, arguments)
    content: list[Part] | None = None
    call_id: str = ""
    name: str = ""
    arguments: str = ""


class Problem(msgspec.Struct):
    code: str | None = None
    message: str | None = None


class Usage(msgspec.Struct):
    input_tokens: int | None = None
    output_tokens: int | None = None


class Response(msgspec.Struct):
    model: str = ""
    status: str = ""
    output: list[Item] = []
    error: Problem | str | None = None
    usage: Usage | None = None


class Event(msgspec.Struct):
    type: str = ""
    delta: str = ""
    text: str = ""
    response: Response | None = None
    code: str | None = None
    message: str | None = None


class Model(msgspec.Struct):
    slug: str | None = None
    id: str | None = None
    name: str | None = None


class ModelList(msgspec.Struct):
    data: list[Model] = []


response_decoder = msgspec.json.Decoder(Response)
event_decoder = msgspec.json.Decoder(Event)
models_decoder = msgspec.json.Decoder(list[Model] | ModelList)
