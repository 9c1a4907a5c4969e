"""`docker compose --profile scale`: PostgreSQL, Redis, two API replicas behind nginx (SSE
unbuffered) and a UI, while the default profile stays the embedded pair; resolved with
`docker compose config` itself, as Compose would run it."""

import json
import os
import re
import subprocess
from typing import Any

from tests.unit.test_docker_files import REPO, _docker_compose

NGINX = (REPO / "deploy" / "nginx.conf").read_text()
REPLICAS = ("api-1", "api-2")


def _resolved(*profiles: str, bind_address: str | None = None) -> dict[str, Any]:
    flags = [arg for profile in profiles for arg in ("--profile", profile)]
    env = {key: value for key, value in os.environ.items() if key != "BIND_ADDRESS"}
    if bind_address is not None:
        env["BIND_ADDRESS"] = bind_address
    done = subprocess.run(
        [_docker_compose(), *flags, "config", "--format", "json"],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr.decode()
    services: dict[str, Any] = json.loads(done.stdout)["services"]
    return services


def test_the_default_profile_is_still_the_embedded_pair() -> None:
    services = _resolved()
    assert set(services) == {"backend", "frontend"}
    assert "DATABASE_URL" not in services["backend"]["environment"]
    assert "REDIS_URL" not in services["backend"]["environment"]


def test_the_scale_profile_runs_two_replicas_on_shared_postgres_and_redis() -> None:
    services = _resolved("scale")
    assert {"postgres", "redis", *REPLICAS, "proxy", "scale-ui"} <= set(services)
    for name in REPLICAS:
        replica = services[name]
        assert replica["build"]["target"] == "api"
        environment = replica["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql://movie:movie@postgres:5432/")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert {key: dep["condition"] for key, dep in replica["depends_on"].items()} == {
            "postgres": "service_healthy",
            "redis": "service_healthy",
        }
        assert "/ready" in " ".join(replica["healthcheck"]["test"])
        assert "ports" not in replica  # reached through the proxy only
    proxy = services["proxy"]
    assert [v["source"].endswith("deploy/nginx.conf") for v in proxy["volumes"]] == [True]
    assert set(proxy["depends_on"]) == set(REPLICAS)
    published = {(p["target"], p["published"]) for p in proxy["ports"]}
    assert published == {(8080, "8080")}
    assert services["scale-ui"]["ports"][0]["host_ip"] == "127.0.0.1"
    assert services["scale-ui"]["environment"]["BACKEND_URL"] == "http://proxy:8080"
    assert services["scale-ui"]["build"]["target"] == "ui"


def test_nginx_balances_both_replicas_and_passes_sse_unbuffered() -> None:
    upstream = re.search(r"upstream api \{(.*?)\}", NGINX, re.S)
    assert upstream is not None
    assert re.findall(r"server (\S+):8000", upstream.group(1)) == list(REPLICAS)
    location = NGINX.split("location / {", 1)[1]
    for directive in (
        "proxy_pass http://api;",
        "proxy_http_version 1.1;",
        "proxy_buffering off;",
        "proxy_cache off;",
        'proxy_set_header Connection "";',
    ):
        assert directive in location, directive
    read_timeout = re.search(r"proxy_read_timeout (\d+)h;", location)
    assert read_timeout and int(read_timeout.group(1)) >= 1  # longer than any quiet run
    assert "non_idempotent" not in NGINX  # a POST /chat is never sent to two replicas


def _published(services: dict[str, Any]) -> dict[str, set[str]]:
    return {
        name: {port["host_ip"] for port in service["ports"]}
        for name, service in services.items()
        if "ports" in service
    }


def test_every_published_port_is_on_loopback_unless_bind_address_opens_it() -> None:
    """A plain `docker compose up` is reachable from this machine only; BIND_ADDRESS opts in."""
    expected = {name: {"127.0.0.1"} for name in ("backend", "frontend", "proxy", "scale-ui")}
    assert _published(_resolved("scale")) == expected
    opened = _published(_resolved("scale", bind_address="0.0.0.0"))
    assert opened == {name: {"0.0.0.0"} for name in expected}
