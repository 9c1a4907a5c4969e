"""One settings object, read from the environment and an optional `.env` file.

A bad value stops startup with one line that names the variable (`SettingsError`).
"""

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

from movie_analyst.entrypoints.database_url import DatabaseTarget, database_target, mask_url

LLMProvider = Literal["auto", "concentrate", "openai", "offline"]
CatalogChoice = Literal["auto", "tmdb", "offline"]
MessagePolicy = Literal["reject", "enqueue"]
AgentEngine = Literal["react-loop", "workflow", "tools"]
AuthMode = Literal["none", "token", "users", "proxy"]
MIN_AUTH_SECRET_CHARS = 32


class SettingsError(Exception):
    pass


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_path: str = "./chat_history.db"
    database_url: str | None = None  # sqlite:///path | postgresql://…; wins over DATABASE_PATH
    database_pool_size: int = 4
    llm_provider: LLMProvider = "auto"
    concentrate_api_key: str | None = None
    concentrate_base_url: str = "https://api.concentrate.ai/v1"
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    default_model: str | None = None
    media_catalog: CatalogChoice = "auto"
    tmdb_api_key: str | None = None
    tmdb_base_url: str = "https://api.themoviedb.org/3"
    tvmaze_base_url: str = "https://api.tvmaze.com"
    default_region: str = "US"
    offline_catalog_path: str | None = None
    agent_memory_token_limit: int = 4000
    agent_max_iterations: int = 8
    agent_timeout_seconds: float = 90.0
    max_output_tokens: int = 1024
    http_timeout: float = 30.0
    http_retries: int = 3
    concurrent_message_policy: MessagePolicy = "reject"
    mimic_stream_batch_words: int = 3
    mimic_stream_delay_ms: int = 20
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    allowed_origins: tuple[str, ...] = ("http://localhost:8501", "http://127.0.0.1:8501")
    api_auth_token: str | None = None
    auth_mode: AuthMode | None = None  # unset: "token" when API_AUTH_TOKEN is set, else "none"
    auth_secret: str | None = None  # AUTH_MODE=users: the HMAC key API keys are stored under
    trusted_proxies: tuple[str, ...] = ()  # AUTH_MODE=proxy: addresses whose headers count
    proxy_user_header: str = "X-Forwarded-User"  # AUTH_MODE=proxy: who the proxy signed in
    host: str = "127.0.0.1"
    port: int = 8000
    agent_engine: AgentEngine = "react-loop"
    http_max_connections: int = 64
    shutdown_grace_seconds: float = 10.0
    client_header_timeout_seconds: float = 10.0
    client_body_timeout_seconds: float = 30.0
    max_client_connections: int = 1000
    import_max_messages: int = 10_000
    import_max_answer_chars: int = 20_000
    database_max_bytes: int = 2 * 1024**3
    redis_url: str | None = None  # set: runs are coordinated through Redis (several processes)
    redis_key_prefix: str = "movie-analyst:"  # lets deployments (and tests) share one Redis
    run_lease_seconds: float = 15.0  # a dead replica's runs are recovered within this
    user_runs_per_minute: int = 0  # per signed-in user (else the shared space); 0: no limit
    user_tokens_per_day: int = 0  # LLM tokens (input + output) per UTC day; 0: no limit

    def __post_init__(self) -> None:
        _positive("DATABASE_POOL_SIZE", self.database_pool_size)
        _positive("AGENT_MEMORY_TOKEN_LIMIT", self.agent_memory_token_limit)
        _positive("AGENT_MAX_ITERATIONS", self.agent_max_iterations)
        _positive("AGENT_TIMEOUT_SECONDS", self.agent_timeout_seconds)
        _positive("MAX_OUTPUT_TOKENS", self.max_output_tokens)
        _positive("HTTP_TIMEOUT", self.http_timeout)
        _positive("MIMIC_STREAM_BATCH_WORDS", self.mimic_stream_batch_words)
        _positive("HTTP_MAX_CONNECTIONS", self.http_max_connections)
        _positive("CLIENT_HEADER_TIMEOUT_SECONDS", self.client_header_timeout_seconds)
        _positive("CLIENT_BODY_TIMEOUT_SECONDS", self.client_body_timeout_seconds)
        _positive("MAX_CLIENT_CONNECTIONS", self.max_client_connections)
        _positive("IMPORT_MAX_ANSWER_CHARS", self.import_max_answer_chars)
        _positive("DATABASE_MAX_BYTES", self.database_max_bytes)
        if not 0 < self.import_max_messages <= 10_000:
            raise SettingsError("IMPORT_MAX_MESSAGES must be between 1 and 10000")
        if not 0 <= self.shutdown_grace_seconds <= 3600:
            raise SettingsError("SHUTDOWN_GRACE_SECONDS must be between 0 and 3600")
        _positive("RUN_LEASE_SECONDS", self.run_lease_seconds)
        if self.http_retries < 0:
            raise SettingsError("HTTP_RETRIES must be 0 or more")
        _limit("USER_RUNS_PER_MINUTE", self.user_runs_per_minute)
        _limit("USER_TOKENS_PER_DAY", self.user_tokens_per_day)
        if not 0 < self.port < 65536:
            raise SettingsError("PORT must be between 1 and 65535")
        try:
            _ = self.database
        except ValueError as exc:
            raise SettingsError(f"DATABASE_URL: {exc}") from None
        if self.redis_url:
            _check_redis_url(self.redis_url)
        _check_auth(self)

    @property
    def auth(self) -> AuthMode:
        """Who may call the API: AUTH_MODE, else `token` when API_AUTH_TOKEN is set, else none."""
        if self.auth_mode is not None:
            return self.auth_mode
        return "token" if self.api_auth_token else "none"

    @property
    def usage_limits(self) -> Literal["off", "redis", "in-process"]:
        """Where budgets are counted: nowhere without a limit, else where runs are coordinated."""
        if not (self.user_runs_per_minute or self.user_tokens_per_day):
            return "off"
        return self.coordination

    @property
    def coordination(self) -> Literal["redis", "in-process"]:
        """Where runs are coordinated: Redis when REDIS_URL is set, else this process."""
        return "redis" if self.redis_url else "in-process"

    @property
    def database(self) -> DatabaseTarget:
        """The engine and place of the chat store: DATABASE_URL, else the DATABASE_PATH file."""
        return database_target(self.database_url, self.database_path)


def _positive(name: str, value: float) -> None:
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0, got {value!r}")


def _limit(name: str, value: int) -> None:
    if value < 0:
        raise SettingsError(f"{name} must be 0 or more (0: no limit), got {value!r}")


def _check_redis_url(url: str) -> None:
    # Imported here: only a Redis deployment pays for loading the client library.
    from movie_analyst.adapters.redis_coordination import check_redis_url

    try:
        check_redis_url(url)
    except ValueError as exc:
        raise SettingsError(f"REDIS_URL: {mask_url(url)!r} {exc}") from None


def _check_auth(settings: Settings) -> None:
    mode = settings.auth
    if mode == "token" and not settings.api_auth_token:
        raise SettingsError("AUTH_MODE=token needs API_AUTH_TOKEN")
    if mode != "token" and settings.api_auth_token:
        raise SettingsError(f"API_AUTH_TOKEN is used only with AUTH_MODE=token, not {mode}")
    if mode == "users" and len(settings.auth_secret or "") < MIN_AUTH_SECRET_CHARS:
        raise SettingsError(
            f"AUTH_MODE=users needs AUTH_SECRET of at least {MIN_AUTH_SECRET_CHARS} characters "
            "(e.g. `openssl rand -hex 32`); changing it later invalidates every API key"
        )
    if mode == "proxy":
        if not settings.trusted_proxies:
            raise SettingsError("AUTH_MODE=proxy needs TRUSTED_PROXIES (addresses or networks)")
        for entry in settings.trusted_proxies:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise SettingsError(f"TRUSTED_PROXIES: {entry!r} is not an address") from None


_LIST_FIELDS = frozenset({"allowed_origins", "trusted_proxies"})
_FIELDS = {name.upper(): name for name in Settings.__struct_fields__}


def read_dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines; blank lines and `#` comments skipped; matching outer quotes removed."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> Settings:
    """Environment wins over `.env`; empty values count as unset."""
    merged = read_dotenv(dotenv) if dotenv else {}
    merged.update(os.environ if environ is None else environ)
    raw: dict[str, object] = {}
    for env_name, field in _FIELDS.items():
        value = merged.get(env_name, "").strip()
        if value:
            raw[field] = _split_list(value) if field in _LIST_FIELDS else value
    try:
        return msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(exc)) from None


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _explain(exc: msgspec.ValidationError) -> str:
    text = str(exc)
    field = text.rpartition("$.")[2].rstrip("`") if "$." in text else ""
    reason = text.split(" - at ")[0]
    return f"{field.upper() or 'settings'}: {reason}" if field else reason
