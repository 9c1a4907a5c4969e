"""What a run's event stream says, decoded from the SSE `data:` JSON into small typed records.

Unknown shapes decode to None so a newer server never breaks an older UI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Token:
    text: str
    event_id: str | None = None


@dataclass(frozen=True)
class Step:
    type: str  # "tool_call" | "tool_result"
    tool: str
    summary: str
    data: Any = None  # the tool result, already parsed from its compact JSON
    event_id: str | None = None


@dataclass(frozen=True)
class Done:
    status: str
    run_id: str | None = None
    error: str | None = None
    content: str = ""
    event_id: str | None = None


RunEvent = Token | Step | Done


def decode_event(event_id: str | None, data: str) -> RunEvent | None:
    try:
        body = json.loads(data)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    eid = event_id or None
    if body.get("done"):
        return _done(body, eid)
    if isinstance(body.get("step"), dict):
        return _step(body["step"], eid)
    if isinstance(body.get("content"), str):
        return Token(body["content"], eid)
    return None


def _done(body: dict[str, Any], eid: str | None) -> Done:
    error = body.get("error")
    return Done(
        status=str(body.get("status") or ("failed" if error else "succeeded")),
        run_id=body.get("run_id"),
        error=str(error) if error else None,
        content=str(body.get("content") or ""),
        event_id=eid,
    )


def parse_step(step: dict[str, Any]) -> Step:
    """A step as the API stores it with an answer (`messages[].steps[]`): the SSE step's keys."""
    return _step(step, None)


def _step(step: dict[str, Any], eid: str | None) -> Step:
    return Step(
        type=str(step.get("type", "")),
        tool=str(step.get("tool", "")),
        summary=str(step.get("summary", "")),
        data=_parse_data(step.get("data")),
        event_id=eid,
    )


def _parse_data(raw: Any) -> Any:
    """`data` is compact JSON text on the wire; tolerate a server that sends it already parsed."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw
