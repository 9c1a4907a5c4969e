"""The connection pool every upstream client (LLM gateways, TMDB, TVMaze) is given."""

import httpx


def pool_transport(max_connections: int) -> httpx.AsyncHTTPTransport:
    """A pool that keeps as many idle connections as it may open, so a burst of
    `max_connections` concurrent calls is served again without opening new TCP connections.

    httpx keeps only 20 idle connections by default: at a higher concurrency each burst closes
    the surplus and reopens it on the next one. The pool is set on the transport because a client
    given a (wrapping) transport ignores its own `limits`.
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    return httpx.AsyncHTTPTransport(limits=limits)
