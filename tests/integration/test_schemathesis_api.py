"""Schemathesis over our own /schema/openapi.json: no 5xx, no response that breaks its schema.

The app runs under uvicorn on 127.0.0.1 (an OS-chosen port) with a temp database. The schema
is loaded from the live server inside the test (nothing at import time), and every selected
operation gets a bounded number of generated requests.
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.support.storage import served, storage_only_app

# Routes owned by the storage/sessions slice; the run/chat routes stream and need an agent.
SESSION_ROUTES = (
    r"^/(health|api/v1/(health|sessions|sessions/import|session/.*|messages/.*|search))$"
)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _exercise(operation: schemathesis.APIOperation, base_url: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=10)

    check()


def test_session_routes_conform_to_their_schema(tmp_path: Path) -> None:
    with served(storage_only_app(tmp_path / "chat.db")) as base_url:
        schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
        operations = [
            result.ok() for result in schema.include(path_regex=SESSION_ROUTES).get_all_operations()
        ]
        assert len(operations) >= 13, [op.label for op in operations]
        failures: dict[str, str] = {}
        for operation in operations:
            try:
                _exercise(operation, base_url)
            except Exception as exc:  # collect every operation's failure, not just the first
                failures[operation.label] = str(exc)[:2000]
        if failures:
            pytest.fail("\n\n".join(f"{label}:\n{text}" for label, text in failures.items()))
