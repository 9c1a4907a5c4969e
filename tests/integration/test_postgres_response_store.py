"""The live catalog's response cache on PostgreSQL: shared by processes, bounded, never fatal."""

from movie_analyst.adapters.postgres_response_store import PostgresResponseStore


async def test_a_value_written_by_one_process_is_read_by_another(postgres_url: str) -> None:
    writer, reader = PostgresResponseStore(postgres_url), PostgresResponseStore(postgres_url)
    await writer.start()
    await reader.start()
    try:
        await writer.put("search:alien", b"\x00msgpack", expires_at=200.0, now=100.0)
        assert await reader.get("search:alien", now=150.0) == (b"\x00msgpack", 200.0)
        assert await reader.get("search:alien", now=200.0) is None  # expired
        await writer.put("search:alien", b"fresh", expires_at=400.0, now=300.0)
        assert await reader.get("search:alien", now=301.0) == (b"fresh", 400.0)
        await reader.purge_expired(now=500.0)
        assert await reader.count() == 0
    finally:
        await writer.aclose()
        await reader.aclose()


async def test_the_store_keeps_only_the_most_recently_used_rows(postgres_url: str) -> None:
    store = PostgresResponseStore(postgres_url, max_entries=10)
    await store.start()
    try:
        for i in range(25):
            await store.put(f"k{i}", b"v", expires_at=1e9, now=float(i))
        assert await store.count() <= 10
        assert await store.get("k24", now=30.0) is not None
        assert await store.get("k0", now=30.0) is None
    finally:
        await store.aclose()


async def test_a_closed_store_answers_misses_instead_of_failing(postgres_url: str) -> None:
    store = PostgresResponseStore(postgres_url)
    assert await store.get("k", now=1.0) is None  # never started
    await store.put("k", b"v", expires_at=2.0, now=1.0)
    assert await store.count() == 0
