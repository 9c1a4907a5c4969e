"""What every CLI command shares: exit codes, the one error type, settings loading."""

import enum

from movie_analyst.entrypoints.settings import Settings, SettingsError, load_settings


class Exit(enum.IntEnum):
    """Exit codes scripts can rely on (also listed in `movie-analyst --help`)."""

    OK = 0
    FAILURE = 1  # the command ran and failed (HTTP error, corrupt database, child died)
    USAGE = 2  # bad arguments or bad settings
    UNREACHABLE = 3  # no server answered at --url


EXIT_CODES_HELP = (
    "exit codes: 0 ok, 1 runtime failure, 2 usage or settings error, 3 server unreachable"
)


class CliError(Exception):
    """Stops a command with one line on stderr and the given exit code."""

    def __init__(self, message: str, code: Exit = Exit.FAILURE) -> None:
        super().__init__(message)
        self.code = code


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise CliError(f"configuration error: {exc}", Exit.USAGE) from None


def local_url(host: str, port: int) -> str:
    """The URL a client on this machine uses for a server bound to host:port."""
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"


def default_api_url(settings: Settings) -> str:
    return local_url(settings.host, settings.port)
