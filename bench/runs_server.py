"""The app the runs benchmark serves in its own process: the real app and its real LLM gateway
(set `LLM_PROVIDER=openai` and `OPENAI_BASE_URL` to the fake LLM of bench/fake_llm.py) over the
fake catalog; plus a bench-only whole-process pyinstrument profile (`/bench/profile/start|stop`).
It is served the way `movie-analyst serve` serves (same server class, HTTP protocol and loop).

    LLM_PROVIDER=openai OPENAI_BASE_URL=... python -m bench.runs_server PORT
"""

import sys
from typing import Any

from dependency_injector import providers
from litestar import Litestar, post
from pyinstrument import Profiler
from pyinstrument.frame import Frame

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app as create_real_app
from movie_analyst.entrypoints.http.server import build_server
from movie_analyst.entrypoints.logging import configure_logging
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.media_catalog import FakeMediaCatalog

_profiler: list[Profiler] = []


def main(port: int) -> None:
    container = Container(settings=load_settings(dotenv=None))
    settings = container.settings()
    configure_logging(settings.log_level, settings.log_format)
    build_server(container, "127.0.0.1", port, create_app(container)).run()


def create_app(container: Container) -> Litestar:
    container.media_catalog.override(providers.Object(FakeMediaCatalog()))

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
    for handler in (profile_start, profile_stop):
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
    if frame.function == "run" and path.endswith("asyncio/runners.py"):
        # uvloop's loop is C below Runner.run: its waiting and its own socket work are one
        # sample there, so both are left out (py-spy put the work at ~1/5 of the CPU)
        return "idle (waiting for I/O, or uvloop's own C code)"
    if "/src/movie_analyst/" in path and "/site-packages/" not in path:
        return "movie_analyst/" + path.split("/src/movie_analyst/", 1)[1].split("/", 1)[0]
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0]
    if "/lib/python3" in path:
        tail = path.split("/lib/python3", 1)[1].split("/")
        return "stdlib " + (tail[1].removesuffix(".py") if len(tail) > 1 else "?")
    return frame.function or "?"


if __name__ == "__main__":
    main(int(sys.argv[1]))
