"""The upstream transport against raw sockets on loopback: httpx's semantics (errors our retry
rules read, decoded bodies, headers sent once) over aiohttp's I/O."""

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from movie_analyst.adapters.http_pool import pool_transport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def raw_server(handler: Handler) -> AsyncIterator[str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


async def read_head(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)


def client(timeout: float = 2.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=timeout, transport=pool_transport(4))


async def test_a_refused_connection_is_a_connect_error_so_it_is_retried() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens once it is closed
    async with client() as http:
        with pytest.raises(httpx.ConnectError) as caught:
            await http.get(f"http://127.0.0.1:{port}/")
    assert caught.value.request.url.port == port


async def test_silence_after_the_request_is_a_read_timeout() -> None:
    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        await asyncio.sleep(5)

    async with raw_server(hang) as url, client(timeout=0.2) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.post(url, content=b"{}")


async def test_a_body_cut_short_is_a_protocol_error_while_reading() -> None:
    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")
        await writer.drain()
        writer.close()

    async with raw_server(cut) as url, client() as http, http.stream("GET", url) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            await response.aread()


async def test_headers_go_once_and_a_gzip_body_is_decoded_by_httpx() -> None:
    seen: list[bytes] = []
    body = gzip.compress(b'{"ok": true}')

    async def gzipped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await read_head(reader)
        seen.append(head + await reader.readexactly(2))
        writer.write(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n")
        writer.write(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()

    async with raw_server(gzipped) as url, client() as http:
        response = await http.post(url, content=b"{}", headers={"Authorization": "Bearer k"})
    assert (response.status_code, response.json()) == (201, {"ok": True})
    head = seen[0].lower()
    for name in (b"host:", b"user-agent:", b"accept-encoding:", b"authorization:"):
        assert head.count(b"\r\n" + name) == 1, head
    assert head.endswith(b"\r\n\r\n{}")


async def test_a_response_closed_early_closes_its_connection_at_once() -> None:
    closed = asyncio.Event()

    async def endless(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(500):  # bounded: 5 s at most
                writer.write(b"5\r\nhello\r\n")
                await writer.drain()
                await asyncio.sleep(0.01)
        except ConnectionError:
            closed.set()

    async with raw_server(endless) as url, client() as http:
        async with http.stream("GET", url) as response:
            async for _ in response.aiter_bytes():
                break
        await asyncio.wait_for(closed.wait(), 3)
