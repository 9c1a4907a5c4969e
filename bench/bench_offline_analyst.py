"""The offline analyst (no key needed): a typical question end to end, its own decision time,
and the question suites' accuracy.

1. End to end: POST /api/v1/chat (non-stream) on the real app in-process (offline LLM + offline
   catalog), so each sample covers API -> run -> agent loop -> tools -> catalog -> answer,
   over a rotation of typical questions, after a warm-up round; wall and CPU time.
2. Decision time: the analyst's `next_step` for a prompt with two observations (pure CPU).
3. Accuracy of the three suites (tests/support/offline_suite.py) through the same API: main
   (generated from the catalog, facts by SQL), the held-out paraphrase set, and the legacy 86;
   the note names the weakest kinds. Latency p50/p95 over every suite question.
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
from tests.support import offline_suite
from tests.support.offline_facts import Facts

AREA = "offline-analyst"
ROUNDS = 8
TYPICAL = (
    "Who directed Jaws?",
    "How long is Lawrence of Arabia?",
    "Films by Alfred Hitchcock in the 1950s",
    "Best horror films of the 1980s",
    "Is Morgan Freeman in Se7en?",
    "Compare Alien and Aliens",
    "a good comedy from the 90s with Jim Carrey",
    "How long is Titanic and who stars in it?",
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


async def _end_to_end(client: AsyncTestClient) -> list[Figure]:  # type: ignore[type-arg]
    for question in TYPICAL:  # warm-up: first imports, statement caches, the lexicon
        await _chat(client, await _session(client), question)
    samples: list[float] = []
    cpu: list[float] = []
    for _ in range(ROUNDS):
        for question in TYPICAL:
            session_id = await _session(client)
            started, used = time.perf_counter(), time.process_time()
            await _chat(client, session_id, question)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    value = p50(samples)
    return [
        Figure(area=AREA, name="typical question end to end (API -> agent -> tools -> answer), p50",
               value=round(value, 1), unit="ms", target="<= 50 ms", met=value <= 50,
               note=f"p95 {percentile(samples, 95):.1f} ms over {len(samples)} questions, "
               "1-4 tool calls, in-process server"),
        Figure(area=AREA, name="typical question, server CPU time, p50", value=round(p50(cpu), 1),
               unit="ms", note=f"p95 {percentile(cpu, 95):.1f} ms (process CPU, all threads)"),
    ]  # fmt: skip


async def _accuracy(client: AsyncTestClient) -> list[Figure]:  # type: ignore[type-arg]
    facts = Facts()
    try:
        suites = offline_suite.suites(facts)
    finally:
        facts.close()
    figures, latencies = [], []
    for name, target in (("main", 0.9), ("paraphrase", 0.85), ("legacy", 0.95)):
        score = await offline_suite.score(client, suites[name])
        latencies += score.latencies_ms
        by_kind = sorted(score.total, key=lambda k: (score.passed[k] / score.total[k], k))
        kinds = ", ".join(f"{k} {score.passed[k]}/{score.total[k]}" for k in by_kind)
        figures.append(Figure(
            area=AREA, name=f"{name} suite accuracy", value=round(100 * score.accuracy, 1),
            unit="%", target=f">= {target:.0%}", met=score.accuracy >= target,
            note=f"{sum(score.passed.values())}/{sum(score.total.values())} in "
            f"{len(score.total)} kinds (weakest first): {kinds}",
        ))  # fmt: skip
    figures.append(Figure(
        area=AREA, name="suite questions end to end, p50", value=round(p50(latencies), 1),
        unit="ms", target="<= 50 ms", met=p50(latencies) <= 50,
        note=f"p95 {percentile(latencies, 95):.1f} ms over {len(latencies)} questions",
    ))  # fmt: skip
    return figures


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
            figures = [*await _end_to_end(client), *await _accuracy(client)]
    return [*figures, _decision()]


if __name__ == "__main__":
    import asyncio

    for figure in asyncio.run(measure()):
        print(f"{figure.name}: {figure.value} {figure.unit} ({figure.target}) {figure.note}")
