"""AUTH_MODE=proxy: the user header counts only on a connection from TRUSTED_PROXIES."""

from typing import Any

import pytest

from movie_analyst.application.use_cases.users.proxy_user import ProxyUser
from movie_analyst.entrypoints.http.auth import ProxyGuard
from tests.fakes.user_directory import DictUserDirectory


def _scope(peer: str | None, **headers: str) -> dict[str, Any]:
    return {
        "client": None if peer is None else (peer, 50123),
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }


@pytest.fixture
def directory() -> DictUserDirectory:
    return DictUserDirectory()


def _guard(directory: DictUserDirectory) -> ProxyGuard:
    trusted = ["10.1.0.0/16", "::1"]
    return ProxyGuard(ProxyUser(directory=directory), trusted=trusted, header="X-Forwarded-User")


async def test_a_trusted_proxy_signs_a_user_in_and_creates_them_once(
    directory: DictUserDirectory,
) -> None:
    guard = _guard(directory)
    for peer in ("10.1.2.3", "::1", "10.1.9.9"):
        scope = _scope(peer, x_forwarded_user="dana@example.org")
        assert await guard.admits(scope, None)
        assert scope["state"]["user"].name == "dana@example.org"
    assert [user.name for user in await directory.users()] == ["dana@example.org"]
    assert not directory.entries["dana@example.org"][0].is_admin


@pytest.mark.parametrize(
    "scope",
    [
        _scope("192.168.1.5", x_forwarded_user="dana"),  # straight from a client
        _scope("10.2.0.1", x_forwarded_user="dana"),
        _scope("127.0.0.1", x_forwarded_user="dana", x_forwarded_for="10.1.2.3"),
        _scope(None, x_forwarded_user="dana"),
        _scope("testclient", x_forwarded_user="dana"),
        _scope("10.1.2.3"),  # the proxy let through a request it did not sign in
        _scope("10.1.2.3", x_forwarded_user="  "),
        _scope("10.1.2.3", x_forwarded_user="not a name"),
    ],
)
async def test_anything_else_is_refused_and_creates_nobody(
    directory: DictUserDirectory, scope: dict[str, Any]
) -> None:
    assert not await _guard(directory).admits(scope, "a-bearer-is-ignored")
    assert directory.entries == {}
