import asyncio

from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway, tokens
from movie_analyst.application.errors import LiveDataUnavailable
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from movie_analyst.domain.media import Genre, MediaKind
from tests.fakes.media_catalog import FakeMediaCatalog

QUESTION = LLMRequest(messages=[ChatTurn(role="user", content="Hello")])


def gateway(delay: float = 0.0) -> OfflineLLMGateway:
    return OfflineLLMGateway(catalog=FakeMediaCatalog(live=False), token_delay=delay)


async def test_identity_and_models() -> None:
    offline = gateway()
    assert (offline.provider, offline.default_model, offline.can_stream) == (
        "offline",
        "offline-analyst",
        True,
    )
    [model] = await offline.list_models()
    assert (model.id, model.provider) == ("offline-analyst", "offline")


async def test_stream_pieces_join_to_the_complete_reply() -> None:
    offline = gateway()
    reply = await offline.complete(QUESTION)
    pieces = [piece async for piece in offline.stream(QUESTION)]
    assert len(pieces) > 20
    assert "".join(pieces) == reply.text
    assert reply.text.startswith("Thought: ") and "\nAnswer: " in reply.text
    assert reply.model == "offline-analyst" and reply.output_tokens


def test_tokens_keep_every_character() -> None:
    text = "Thought: x\nAnswer: **Alien** (1979)\n\n1. a  b "
    assert "".join(tokens(text)) == text


async def test_closing_the_stream_stops_it_at_once() -> None:
    stream = gateway(delay=0.01).stream(QUESTION)
    first = await anext(stream)
    await stream.aclose()
    assert first.startswith("Thought")
    assert [piece async for piece in stream] == []


async def test_cancelling_the_consumer_stops_the_stream_within_100_ms() -> None:
    received: list[str] = []

    async def consume() -> None:
        async for piece in gateway(delay=0.02).stream(QUESTION):
            received.append(piece)

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.1)
    started = asyncio.get_running_loop().time()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert asyncio.get_running_loop().time() - started < 0.1
    assert 0 < len(received) < len(tokens((await gateway().complete(QUESTION)).text))


async def test_genres_are_read_once_and_a_failing_list_is_tolerated() -> None:
    catalog = FakeMediaCatalog(live=False)
    offline = OfflineLLMGateway(catalog=catalog)
    await offline.complete(QUESTION)
    await offline.complete(QUESTION)
    assert [name for name, _ in catalog.calls].count("genres") == 1

    class NoGenres(FakeMediaCatalog):
        async def genres(self, kind: MediaKind) -> list[Genre]:
            raise LiveDataUnavailable("no genre list")

    reply = await OfflineLLMGateway(catalog=NoGenres(live=False)).complete(QUESTION)
    assert "\nAnswer: " in reply.text
