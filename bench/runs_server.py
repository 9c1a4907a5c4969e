"""The app the runs benchmark serves in its own process: the real app, a fake LLM of fixed
latency (in process, so its time is exact) and the fake catalog; plus two bench-only routes:
the LLM's answer-token emission times and a whole-process pyinstrument profile.

    BENCH_LLM_LATENCY=0.2 uvicorn bench.runs_server:create_app --factory

`POST /bench/latency?seconds=0.2` changes the latency of later calls.
"""

import asyncio
import os
import time
from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import providers
from litestar import Litestar, get, post
from pyinstrument import Profiler
from pyinstrument.frame import Frame

from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import LLMReply, LLMRequest, ModelInfo
from movie_analyst.entrypoints.container import build_container
from movie_analyst.entrypoints.http.app import create_app as create_real_app
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.media_catalog import FakeMediaCatalog

SEARCH = 'Thought: I should look it up.\nAction: search_media\nAction Input: {"query": "Alien"}'
ANSWER = ["Thought: ", "I can answer.\n", "Answer: ", "Alien ", "(1979) ", "is ", "a ", "classic."]


class BenchGateway(LLMGateway):
    """First call of a run: one tool call; after an observation: the answer. Each call waits
    `latency` seconds, then streams at once. Records when each answer's first token is sent."""

    provider = "bench"
    default_model = "bench-model"
    can_stream = True

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.answer_emitted: list[float] = []

    async def complete(self, request: LLMRequest) -> LLMReply:
        await asyncio.sleep(self.latency)
        return LLMReply(text="".join(self._pieces(request)), model=self.default_model)

    def stream(self, request: LLMRequest) -> AsyncIterator[str]:
        return self._stream(request)

    async def list_models(self) -> list[ModelInfo]:
        return [ModelInfo(id=self.default_model, name="Bench", provider="bench")]

    async def _stream(self, request: LLMRequest) -> AsyncIterator[str]:
        await asyncio.sleep(self.latency)
        for piece in self._pieces(request):
            if piece == ANSWER[3]:
                self.answer_emitted.append(time.monotonic())
            yield piece

    @staticmethod
    def _pieces(request: LLMRequest) -> list[str]:
        observed = request.messages[-1].content.startswith("Observation:")
        return ANSWER if observed else [SEARCH]


_profiler: list[Profiler] = []


def create_app() -> Litestar:
    container = build_container(load_settings(dotenv=None))
    gateway = BenchGateway(float(os.environ.get("BENCH_LLM_LATENCY", "0.05")))
    container.llm.gateway.override(providers.Object(gateway))
    container.llm.managed.override(providers.List())
    container.catalog.catalog.override(providers.Object(FakeMediaCatalog()))
    container.catalog.managed.override(providers.List())

    @get("/bench/emissions", sync_to_thread=False)
    def emissions() -> list[float]:
        return gateway.answer_emitted

    @post("/bench/latency", status_code=200, sync_to_thread=False)
    def set_latency(seconds: float) -> float:
        gateway.latency = seconds
        return gateway.latency

    @post("/bench/profile/start", status_code=200, sync_to_thread=False)
    def profile_start() -> None:
        _profiler.append(Profiler(interval=0.0005, async_mode="disabled"))
        _profiler[-1].start()

    @post("/bench/profile/stop", status_code=200, sync_to_thread=False)
    def profile_stop() -> dict[str, Any]:
        profiler = _profiler.pop()
        session = profiler.stop()
        return summarize(session.root_frame(), session.duration)

    app = create_real_app(container)
    for handler in (emissions, set_latency, profile_start, profile_stop):
        app.register(handler)
    return app


def summarize(root: Frame | None, duration: float) -> dict[str, Any]:
    """Seconds of self time per area (library, or our layer), idle waiting apart."""
    areas: dict[str, float] = {}
    stack = [root] if root else []
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if frame.is_synthetic_leaf and frame.parent is not None:
            areas[_area(frame.parent)] = areas.get(_area(frame.parent), 0.0) + frame.time
        elif not frame.children:
            areas[_area(frame)] = areas.get(_area(frame), 0.0) + frame.time
    return {"duration": duration, "areas": dict(sorted(areas.items(), key=lambda kv: -kv[1]))}


def _area(frame: Frame) -> str:
    path = (frame.file_path or "").replace("\\", "/")
    if frame.function.endswith(("select", "poll")) or path.endswith("selectors.py"):
        return "idle (waiting for I/O)"
    if "/src/movie_analyst/" in path and "/site-packages/" not in path:
        return "movie_analyst/" + path.split("/src/movie_analyst/", 1)[1].split("/", 1)[0]
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0]
    if "/lib/python3" in path:
        tail = path.split("/lib/python3", 1)[1].split("/")
        return "stdlib " + (tail[1].removesuffix(".py") if len(tail) > 1 else "?")
    return frame.function or "?"
