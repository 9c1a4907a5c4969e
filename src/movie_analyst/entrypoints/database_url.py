"""`DATABASE_URL`: which engine holds the conversations, and where.

`sqlite:///relative.db`, `sqlite:////absolute/path.db` (the SQLAlchemy convention) or
`postgresql://user:password@host:port/dbname` (`postgres://` too; `?host=/socket/dir` for a unix
socket). When it is unset, the SQLite file at DATABASE_PATH is used.
"""

from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import msgspec

Engine = Literal["sqlite", "postgresql"]
_POSTGRES_SCHEMES = ("postgresql", "postgres")


class DatabaseTarget(msgspec.Struct, frozen=True, kw_only=True):
    engine: Engine
    location: str  # the SQLite file, or the PostgreSQL URL (scheme spelled `postgresql://`)


def parse_database_url(url: str) -> DatabaseTarget:
    """Raises ValueError with a reason a newcomer can act on."""
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise ValueError(
            f"{mask_url(url)!r} is not a URL (expected sqlite:///path or postgresql://…)"
        )
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise ValueError(
                "a SQLite URL needs a path: sqlite:///relative.db or sqlite:////abs.db"
            )
        return DatabaseTarget(engine="sqlite", location=rest[1:])
    if scheme in _POSTGRES_SCHEMES:
        return DatabaseTarget(engine="postgresql", location=_postgres_url(url))
    raise ValueError(f"unsupported scheme {scheme!r} (use sqlite:// or postgresql://)")


def _postgres_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a non-numeric port
    except ValueError as exc:
        raise ValueError(f"{mask_url(url)!r} is not a valid PostgreSQL URL: {exc}") from None
    if not parts.hostname and "host=" not in parts.query:
        raise ValueError("a PostgreSQL URL needs a host: postgresql://user@host:5432/dbname")
    if parts.path in ("", "/"):
        raise ValueError("a PostgreSQL URL needs a database name: postgresql://user@host/dbname")
    return urlunsplit(("postgresql", *parts[1:]))


def database_target(url: str | None, path: str) -> DatabaseTarget:
    return parse_database_url(url) if url else DatabaseTarget(engine="sqlite", location=path)


def mask_url(url: str) -> str:
    """The URL with its password (if any) shown as `****`."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:****@{host}"


def with_database(url: str, dbname: str) -> str:
    """The same server and credentials, another database (for admin and test databases)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))
