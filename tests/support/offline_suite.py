"""Runs the offline analyst's question suites through the real API and scores them per kind.

Three suites: `legacy` (the 86 hand-checked questions of tests/e2e/offline_questions.py), `main`
(generated from the catalog, >= 300 questions) and `paraphrase` (held out, never tuned against).
"""

import re
import time
from collections import Counter
from typing import Any

import msgspec

from tests.e2e.offline_questions import CASES as LEGACY
from tests.support.offline_facts import Case, Facts
from tests.support.offline_paraphrases import paraphrase_cases
from tests.support.offline_suite_lists import list_cases
from tests.support.offline_suite_titles import title_cases

MAIN_KINDS = (
    "director",
    "runtime",
    "box_office",
    "certification",
    "details",
    "cast",
    "imdb",
    "oscars",
    "similar",
    "writers",
    "compare",
    "remakes",
    "director_decade",
    "count",
    "actor_films",
    "top_critics",
    "superlative",
    "follow-up",
    "live",
    "rambling",
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


class Score(msgspec.Struct, kw_only=True):
    passed: Counter[str] = msgspec.field(default_factory=Counter)
    total: Counter[str] = msgspec.field(default_factory=Counter)
    failures: list[str] = []
    latencies_ms: list[float] = []

    @property
    def accuracy(self) -> float:
        return sum(self.passed.values()) / max(1, sum(self.total.values()))

    def lines(self) -> list[str]:
        overall = f"{sum(self.passed.values())}/{sum(self.total.values())} = {self.accuracy:.1%}"
        kinds = [f"  {k}: {self.passed[k]}/{n}" for k, n in sorted(self.total.items())]
        return [overall, *kinds]


def merged(parts: list[Score]) -> Score:
    total = Score()
    for part in parts:
        total.passed.update(part.passed)
        total.total.update(part.total)
        total.failures += part.failures
        total.latencies_ms += part.latencies_ms
    return total


def suites(facts: Facts) -> dict[str, list[Case]]:
    legacy = [Case(kind=c.topic, question=c.question, expect=c.expect, forbid=c.forbid,
                   before=c.before) for c in LEGACY]  # fmt: skip
    return {
        "legacy": legacy,
        "main": title_cases(facts) + list_cases(facts),
        "paraphrase": paraphrase_cases(facts),
    }


def problems(case: Case, answer: str) -> list[str]:
    text = _THOUSANDS.sub("", answer).lower()
    missing = [f"missing {e!r}" for e in case.expect if _THOUSANDS.sub("", e).lower() not in text]
    return missing + [f"has {f!r}" for f in case.forbid if f.lower() in text]


async def new_session(client: Any) -> str:
    response = await client.post("/api/v1/session/new", json={})
    assert response.status_code == 200, response.text
    return str(response.json()["session_id"])


async def ask(client: Any, session_id: str, message: str) -> str:
    body = {"session_id": session_id, "message": message}
    response = await client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.text
    reply = response.json()
    assert reply["status"] == "succeeded", reply
    return str(reply["content"])


async def score(client: Any, cases: list[Case]) -> Score:
    result = Score()
    for case in cases:
        session_id = await new_session(client)
        for earlier in case.before:
            await ask(client, session_id, earlier)
        started = time.perf_counter()
        answer = await ask(client, session_id, case.question)
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        wrong = problems(case, answer)
        result.total[case.kind] += 1
        if wrong:
            result.failures.append(f"[{case.kind}] {case.question}: {'; '.join(wrong)}\n"
                                   f"  -> {answer[:300]}")  # fmt: skip
        else:
            result.passed[case.kind] += 1
    return result
