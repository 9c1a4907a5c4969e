"""The connection pool every upstream client (LLM gateways, TMDB, TVMaze) is given."""

import math
from collections.abc import AsyncIterator, Callable

import httpx

# httpcore's pool scans its connections on every request and every response close, once per
# idle connection for the keep-alive limit (quadratic): with 64 connections that was ~10% of
# the server's CPU per chat. Pools this small keep the scan cheap.
SHARD_CONNECTIONS = 8


def pool_transport(max_connections: int) -> httpx.AsyncBaseTransport:
    """A pool that keeps as many idle connections as it may open, so a burst of
    `max_connections` concurrent calls is served again without opening new TCP connections.

    httpx keeps only 20 idle connections by default: at a higher concurrency each burst closes
    the surplus and reopens it on the next one. The pool is set on the transport because a client
    given a (wrapping) transport ignores its own `limits`. Above SHARD_CONNECTIONS it is split
    into small pools (see `ShardedTransport`).
    """
    shards = math.ceil(max_connections / SHARD_CONNECTIONS)
    if shards <= 1:
        return _pool(max_connections)
    size = math.ceil(max_connections / shards)
    return ShardedTransport([_pool(size) for _ in range(shards)])


def _pool(size: int) -> httpx.AsyncHTTPTransport:
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    return httpx.AsyncHTTPTransport(limits=limits)


class ShardedTransport(httpx.AsyncBaseTransport):
    """Several small pools used as one: each request goes to the pool with the fewest requests
    in flight (the first on a tie, so sequential calls reuse one connection). A request is in
    flight until its response is closed, so a pool is only full when every pool is."""

    def __init__(self, shards: list[httpx.AsyncHTTPTransport]) -> None:
        self._shards = shards
        self._in_flight = [0] * len(shards)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = self._in_flight.index(min(self._in_flight))
        self._in_flight[index] += 1
        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            self._in_flight[index] -= 1
            raise
        stream = _Released(response.stream, lambda: self._release(index))
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
        )

    def _release(self, index: int) -> None:
        self._in_flight[index] -= 1

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


class _Released(httpx.AsyncByteStream):
    """A response body that reports (once) when it is closed."""

    def __init__(
        self, inner: httpx.AsyncByteStream | httpx.SyncByteStream, done: Callable[[], None]
    ) -> None:
        assert isinstance(inner, httpx.AsyncByteStream)
        self._inner = inner
        self._done: Callable[[], None] | None = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            done, self._done = self._done, None
            if done is not None:
                done()
