"""The offline analyst's question suite through the real API and the real agent loop.

One app (offline LLM + offline catalog, a temp DATABASE_PATH) serves every case; each case gets
its own session so follow-ups see only their own conversation. The accuracy is printed and
asserted against a floor this analyst actually reaches; failures are listed in the message.
"""

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from litestar.testing import AsyncTestClient

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import Settings
from tests.e2e.offline_questions import CASES, Case

pytestmark = pytest.mark.asyncio(loop_scope="module")

MIN_ACCURACY = 0.95
Client = AsyncTestClient  # type: ignore[type-arg]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Client]:
    folder: Path = tmp_path_factory.mktemp("offline-suite")
    settings = Settings(
        database_path=str(folder / "chat.db"), llm_provider="offline", media_catalog="offline"
    )
    async with AsyncTestClient(app=create_app(Container(settings=settings)), timeout=60) as test:
        yield test


async def new_session(client: Client) -> str:
    response = await client.post("/api/v1/session/new", json={})
    assert response.status_code == 200, response.text
    return str(response.json()["session_id"])


async def ask(client: Client, session_id: str, message: str) -> str:
    response = await client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": message}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "succeeded", body
    return str(body["content"])


def problems(case: Case, answer: str) -> list[str]:
    lowered = answer.lower()
    missing = [f"missing {e!r}" for e in case.expect if e.lower() not in lowered]
    return missing + [f"has {f!r}" for f in case.forbid if f.lower() in lowered]


async def test_the_suite_answers_with_the_catalogs_facts(client: Client) -> None:
    assert len(CASES) >= 60
    failures: list[str] = []
    for case in CASES:
        session_id = await new_session(client)
        for earlier in case.before:
            await ask(client, session_id, earlier)
        answer = await ask(client, session_id, case.question)
        wrong = problems(case, answer)
        if wrong:
            failures.append(f"[{case.topic}] {case.question}: {'; '.join(wrong)}\n  -> {answer}")
    passed = len(CASES) - len(failures)
    report = f"offline analyst accuracy: {passed}/{len(CASES)} = {passed / len(CASES):.1%}"
    print(report, *failures, sep="\n")
    assert passed / len(CASES) >= MIN_ACCURACY, "\n".join([report, *failures])


async def test_the_answer_streams_token_by_token_over_sse(client: Client) -> None:
    session_id = await new_session(client)
    pieces: list[str] = []
    steps: list[str] = []
    done: dict[str, object] = {}
    body = {"session_id": session_id, "message": "Who directed Jaws?", "stream": True}
    async with client.stream("POST", "/api/v1/chat", json=body) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            data = json.loads(line.removeprefix("data:").strip())
            if "content" in data:
                pieces.append(data["content"])
            elif "step" in data:
                steps.append(data["step"]["tool"])
            elif data.get("done"):
                done = data
    assert steps.index("search_media") < steps.index("get_details")
    assert len(pieces) >= 5  # word by word, not one block
    assert "".join(pieces).strip() == "**Jaws** (1975) was directed by **Steven Spielberg**."
    assert done["status"] == "succeeded"


@pytest.mark.parametrize(
    ("question", "title", "earliest", "latest"),
    [
        ("films like Blade Runner from before 1980", "Blade Runner", None, 1979),
        ("movies like Alien, but newer", "Alien", 1980, None),  # Alien is from 1979
        ("films similar to Vertigo from the 60s", "Vertigo", 1960, 1969),
    ],
)
async def test_films_like_x_in_a_period_lists_only_that_period(
    client: Client, question: str, title: str, earliest: int | None, latest: int | None
) -> None:
    answer = await ask(client, await new_session(client), question)
    listed = re.findall(r"^\d+\. \*\*(.+?)\*\* \((\d{4})\)", answer, re.MULTILINE)
    assert title in answer and len(listed) >= 5, answer
    years = [int(year) for _, year in listed]
    assert all(earliest is None or year >= earliest for year in years), answer
    assert all(latest is None or year <= latest for year in years), answer
    assert title not in [name for name, _ in listed]
