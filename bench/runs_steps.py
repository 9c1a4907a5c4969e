"""Two runs-benchmark steps that need more than the HTTP API: a crowded session written straight
into the server's database, and the server's own pyinstrument profile."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from bench.figures import Figure, p50
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.message import NewMessage, Role

Chat = Callable[[httpx.AsyncClient, str], Awaitable[float]]


async def _session(client: httpx.AsyncClient) -> str:
    return str((await client.post("/api/v1/session/new")).json()["session_id"])


async def long_history(client: httpx.AsyncClient, db: Path, chat: Chat) -> list[Figure]:
    crowded, empty = await _session(client), await _session(client)
    await _fill(db, crowded, 10_000)
    samples: dict[str, list[float]] = {crowded: [], empty: []}
    for _ in range(12):  # interleaved, so drift hits both alike
        for session in (crowded, empty):
            samples[session].append(await chat(client, session))
    ratio = p50(samples[crowded]) / p50(samples[empty])
    note = f"p50 {p50(samples[crowded]) * 1000:.0f} ms vs {p50(samples[empty]) * 1000:.0f} ms"
    name = "chat latency with 10,000 stored messages / empty session"
    return [Figure(area="runs", name=name, value=round(ratio, 2), unit="x", target="<= 1.2",
                   met=ratio <= 1.2, note=note)]  # fmt: skip


async def _fill(db: Path, session_id: str, count: int) -> None:
    repository = SqliteChatRepository(str(db))
    await repository.start()
    try:
        for index in range(count):
            role = Role.USER if index % 2 == 0 else Role.ASSISTANT
            text = f"message {index}: " + "a fairly ordinary sentence about films. " * 5
            await repository.add_message(NewMessage(session_id=session_id, role=role, content=text))
    finally:
        await repository.aclose()


async def profile(client: httpx.AsyncClient, chat: Chat, tag: str = "") -> list[Figure]:
    session = await _session(client)
    chats = 20
    await client.post("/bench/profile/start")
    for _ in range(chats):
        await chat(client, session)
    summary = (await client.post("/bench/profile/stop")).json()
    areas = {k: v for k, v in summary["areas"].items() if not k.startswith("idle")}
    busy = sum(areas.values())
    top = sorted(areas.items(), key=lambda kv: -kv[1])[:7]
    note = "share of server busy time (wall-clock samples, profiler overhead included; "
    note += "uvloop's C loop left out, see bench/runs_server.py): "
    note += ", ".join(f"{k} {v / busy:.0%}" for k, v in top)
    name = f"{tag}server busy time per chat (pyinstrument)"
    return [Figure(area="runs", name=name, value=round(busy * 1000 / chats, 2), unit="ms",
                   note=note)]  # fmt: skip
