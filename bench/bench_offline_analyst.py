"""The offline analyst (no key needed): a typical question end to end, its own decision time,
and the question suite's accuracy.

1. End to end: POST /api/v1/chat (non-stream) on the real app in-process (offline LLM + offline
   catalog), so each sample covers API -> run -> agent loop -> tools -> catalog -> answer,
   over a rotation of typical one- and two-tool questions, after a warm-up round.
2. Decision time: the analyst's `next_step` for a prompt with two observations (pure CPU).
3. Accuracy: the e2e question suite (tests/e2e/offline_questions.py) through the same API.
"""

import tempfile
import time
from pathlib import Path

from litestar.testing import AsyncTestClient

from bench.figures import Figure, p50, percentile
from movie_analyst.adapters.offline_analyst.analyst import next_step
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import Settings
from tests.e2e.offline_questions import CASES

AREA = "offline-analyst"
ROUNDS = 8
TYPICAL = (
    "Who directed Jaws?",
    "How long is Lawrence of Arabia?",
    "Films by Alfred Hitchcock in the 1950s",
    "Best horror films of the 1980s",
    "Is Morgan Freeman in Se7en?",
    "Compare Alien and Aliens",
)
_JAWS = '{"kind": "movie", "id": 7, "title": "Jaws", "year": 1975'
_SPIELBERG = '"directors": [{"id": 1, "name": "Steven Spielberg"}]'
DECISION_PROMPT = [
    ChatTurn(role="system", content="> Tool Name: search_media\n> Tool Name: get_details\n"),
    ChatTurn(role="user", content="Who directed Jaws?"),
    ChatTurn(role="assistant", content="Action: search_media\nAction Input: {'query': 'Jaws'}"),
    ChatTurn(role="user", content=f'Observation: {{"results": [{_JAWS}}}]}}'),
    ChatTurn(
        role="assistant", content="Action: get_details\nAction Input: {'kind': 'movie', 'id': 7}"
    ),
    ChatTurn(role="user", content=f"Observation: {_JAWS}, {_SPIELBERG}}}"),
]


async def _chat(client: AsyncTestClient, session_id: str, message: str) -> str:  # type: ignore[type-arg]
    body = {"session_id": session_id, "message": message}
    response = await client.post("/api/v1/chat", json=body)
    response.raise_for_status()
    return str(response.json()["content"])


async def _session(client: AsyncTestClient) -> str:  # type: ignore[type-arg]
    return str((await client.post("/api/v1/session/new", json={})).json()["session_id"])


async def _end_to_end(client: AsyncTestClient) -> Figure:  # type: ignore[type-arg]
    for question in TYPICAL:  # warm-up: first imports, statement caches, tokenizer
        await _chat(client, await _session(client), question)
    samples: list[float] = []
    for _ in range(ROUNDS):
        for question in TYPICAL:
            session_id = await _session(client)
            started = time.perf_counter()
            await _chat(client, session_id, question)
            samples.append((time.perf_counter() - started) * 1000)
    value = p50(samples)
    return Figure(
        area=AREA, name="typical question end to end (API -> agent -> tools -> answer), p50",
        value=round(value, 1), unit="ms", target="<= 150 ms", met=value <= 150,
        note=f"p95 {percentile(samples, 95):.1f} ms over {len(samples)} questions, 1-4 tool calls",
    )  # fmt: skip


async def _accuracy(client: AsyncTestClient) -> Figure:  # type: ignore[type-arg]
    passed = 0
    for case in CASES:
        session_id = await _session(client)
        for earlier in case.before:
            await _chat(client, session_id, earlier)
        answer = (await _chat(client, session_id, case.question)).lower()
        ok = all(e.lower() in answer for e in case.expect)
        passed += ok and not any(f.lower() in answer for f in case.forbid)
    return Figure(
        area=AREA, name="question suite accuracy", value=round(100 * passed / len(CASES), 1),
        unit="%", target=">= 95 %", met=passed / len(CASES) >= 0.95,
        note=f"{passed}/{len(CASES)} questions with every expected catalog fact",
    )  # fmt: skip


def _decision() -> Figure:
    samples = []
    for _ in range(2000):
        started = time.perf_counter()
        next_step(DECISION_PROMPT, [])
        samples.append((time.perf_counter() - started) * 1000)
    return Figure(
        area=AREA, name="analyst decision per model call (2 observations), p50",
        value=round(p50(samples), 3), unit="ms", note="pure CPU: parse prompt, replay plan, render",
    )  # fmt: skip


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_path=str(Path(folder) / "chat.db"),
            llm_provider="offline",
            media_catalog="offline",
        )
        app = create_app(Container(settings=settings))
        async with AsyncTestClient(app=app, timeout=60) as client:
            figures = [await _end_to_end(client), await _accuracy(client)]
    return [*figures, _decision()]


if __name__ == "__main__":
    import asyncio

    for figure in asyncio.run(measure()):
        print(f"{figure.name}: {figure.value} {figure.unit} ({figure.target}) {figure.note}")
