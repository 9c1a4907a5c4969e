"""The one startup warning for an API that other hosts can reach and that nothing guards."""

import ipaddress
import logging

from movie_analyst.entrypoints.settings import Settings

log = logging.getLogger("movie_analyst.security")


def is_loopback(host: str) -> bool:
    """True for an address only this machine can connect to (`localhost`, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name (or "" = every interface): it may resolve to anything
        return False


def exposure_warning(settings: Settings, host: str, port: int) -> str | None:
    """What to tell the operator when the API listens beyond loopback with no authentication."""
    if settings.auth != "none" or is_loopback(host):
        return None
    return (
        f"SECURITY: the API listens on {host or '*'}:{port}, beyond this machine, and needs no "
        "authentication (AUTH_MODE=none): anyone who reaches that port can read, export and "
        "delete every conversation and spend the LLM budget. Set AUTH_MODE=users (or token), "
        "or HOST=127.0.0.1 (in Docker Compose keep BIND_ADDRESS=127.0.0.1, the default)."
    )


def warn_if_exposed(settings: Settings, host: str, port: int) -> None:
    message = exposure_warning(settings, host, port)
    if message:
        log.warning(message)
