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
from tests.support import offline_suite as suite
from tests.support.offline_facts import Case, Facts

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The accuracy each suite reaches today (a floor, raised as the analyst improves); the held-out
# paraphrase set is measured, never tuned against.
FLOORS = {"legacy": 0.95, "main": 0.9, "paraphrase": 0.85}
KIND_FLOOR = 0.6  # every kind of question, on its own
Client = AsyncTestClient  # type: ignore[type-arg]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Client]:
    folder: Path = tmp_path_factory.mktemp("offline-suite")
    settings = Settings(
        database_path=str(folder / "chat.db"), llm_provider="offline", media_catalog="offline"
    )
    async with AsyncTestClient(app=create_app(Container(settings=settings)), timeout=60) as test:
        yield test


async def ask(client: Client, session_id: str, message: str) -> str:
    return await suite.ask(client, session_id, message)


async def new_session(client: Client) -> str:
    return await suite.new_session(client)


_CASES: dict[str, list[Case]] = {}
_SCORES: dict[tuple[str, str], suite.Score] = {}


def cases_of(name: str, kind: str) -> list[Case]:
    if not _CASES:
        facts = Facts()
        try:
            _CASES.update(suite.suites(facts))
        finally:
            facts.close()
    return [c for c in _CASES[name] if kind in ("*", c.kind)]


async def scored(client: Client, name: str, kind: str = "*") -> suite.Score:
    if (name, kind) not in _SCORES:
        _SCORES[name, kind] = await suite.score(client, cases_of(name, kind))
    return _SCORES[name, kind]


@pytest.mark.parametrize("kind", suite.MAIN_KINDS)
async def test_each_kind_of_the_main_suite(client: Client, kind: str) -> None:
    result = await scored(client, "main", kind)
    assert sum(result.total.values()) >= 5, kind
    print(f"main/{kind}:", *result.lines()[:1], *result.failures, sep="\n")
    assert result.accuracy >= KIND_FLOOR, "\n".join([kind, *result.failures])


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("name", "floor"), list(FLOORS.items()))
async def test_the_suites_reach_their_floors(client: Client, name: str, floor: float) -> None:
    if name == "main":
        parts = [await scored(client, "main", kind) for kind in suite.MAIN_KINDS]
        result = suite.merged(parts)
        assert sum(result.total.values()) >= 300 and len(result.total) >= 15
    else:
        result = await scored(client, name)
    report = [f"offline analyst {name} suite:", *result.lines()]
    print(*report, *result.failures, sep="\n")
    assert result.accuracy >= floor, "\n".join([*report, *result.failures])


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


SHOWN_SCORE = re.compile(r"^\d+\. .* — critics (\d+\.\d)/10$", re.MULTILINE)


@pytest.mark.parametrize(
    "question",
    [
        "Top rated films",
        "best films of 1994",
        "Best horror films of the 1980s",
        "top 5 comedies of the 1990s by critics with at least 50 reviews",
        "best rated Hitchcock films",
        "the worst rated westerns",
    ],
)
async def test_a_ranked_list_is_in_the_order_of_the_scores_it_shows(
    client: Client, question: str
) -> None:
    """On the real catalog: the numbers a list shows are what it is sorted by, and say whose
    (a weighted order beside the plain average once put 8.1 above 8.4)."""
    text = await ask(client, await new_session(client), question)
    shown = [float(x) for x in SHOWN_SCORE.findall(text)]
    assert len(shown) >= 3, text
    assert shown == sorted(shown, reverse="worst" not in question), text
    assert "by critics' average score" in text or "worst first" in text, text
