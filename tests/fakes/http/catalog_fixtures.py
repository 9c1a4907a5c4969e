"""Recorded bodies from contracts/, and the fault queue shared by the catalog fakes.

`Fault` replies are consumed one per request, before routing: `Fault(status=429, headers=...)`,
`Fault(status=503)`, `Fault(hang=2.0)` (accept, then send nothing until the client gives up).
"""

import functools
import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http.loopback import RecordedRequest, Response

_REPO = Path(__file__).resolve().parents[3]
# Recorded third-party bodies and specs, kept in the repository (see contracts/SOURCES.md).
CONTRACTS = _REPO / "contracts"
FIXTURES = CONTRACTS / "fixtures"
TMDB_SPEC = CONTRACTS / "tmdb-v3-openapi.json"


@functools.cache
def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@functools.cache
def spec_example(path: str) -> Any:
    """The official spec's 200 example for `path` (stored as a JSON string, so decode it)."""
    spec = json.loads(TMDB_SPEC.read_text(encoding="utf-8"))
    content = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    value = next(iter(content["examples"].values()))["value"]
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class Fault:
    status: int = 503
    body: Any = None  # None: an empty JSON object
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0  # > 0: send nothing for this long (the client's timeout fires first)


@dataclass
class Parsed:
    path: str
    query: dict[str, str]


def parse(request: RecordedRequest, prefix: str = "") -> Parsed:
    parts = urlsplit(request.path)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return Parsed(parts.path.removeprefix(prefix).rstrip("/") or "/", query)


class FaultQueue:
    def __init__(self) -> None:
        self.faults: deque[Fault] = deque()

    def push(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    async def serve_fault(self, response: Response) -> bool:
        """Answer with the next queued fault, if any; True when it did."""
        if not self.faults:
            return False
        fault = self.faults.popleft()
        if fault.hang > 0:
            await response.hang(fault.hang)
            return True
        await response.send_json(fault.status, fault.body or {}, fault.headers)
        return True
