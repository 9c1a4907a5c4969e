"""`DATABASE_URL`: which engine and where, a clear exit 2 when it is wrong, a masked password."""

from pathlib import Path

import pytest

from movie_analyst.entrypoints.database_url import mask_url, parse_database_url, with_database
from movie_analyst.entrypoints.settings import SettingsError, load_settings
from tests.support.cli import isolate_settings, run_cli


@pytest.mark.parametrize(
    ("url", "engine", "location"),
    [
        ("sqlite:///chat.db", "sqlite", "chat.db"),
        ("sqlite:////var/lib/ma/chat.db", "sqlite", "/var/lib/ma/chat.db"),
        (
            "postgresql://me:pw@db.internal:5433/ma",
            "postgresql",
            "postgresql://me:pw@db.internal:5433/ma",
        ),
        ("postgres://me@127.0.0.1/ma", "postgresql", "postgresql://me@127.0.0.1/ma"),
        ("postgresql://me@/ma?host=/run/pg", "postgresql", "postgresql://me@/ma?host=/run/pg"),
    ],
)
def test_urls_name_an_engine_and_a_place(url: str, engine: str, location: str) -> None:
    target = parse_database_url(url)
    assert (target.engine, target.location) == (engine, location)


def test_database_path_is_used_when_the_url_is_unset() -> None:
    settings = load_settings({"DATABASE_PATH": "/tmp/x.db"}, dotenv=None)
    assert (settings.database.engine, settings.database.location) == ("sqlite", "/tmp/x.db")
    chosen = load_settings(
        {"DATABASE_PATH": "/tmp/x.db", "DATABASE_URL": "sqlite:///y.db"}, dotenv=None
    )
    assert chosen.database.location == "y.db"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/ma",
        "chat.db",
        "sqlite://",
        "postgresql://me:secret@host:notaport/ma",
        "postgresql://me@host",
        "postgresql:///ma",
    ],
)
def test_a_bad_url_is_one_clear_settings_error(url: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings({"DATABASE_URL": url}, dotenv=None)
    message = str(error.value)
    assert message.startswith("DATABASE_URL: ") and "\n" not in message
    assert "secret" not in message


BAD_URLS = [("DATABASE_URL", "mongodb://localhost/ma"), ("REDIS_URL", "redis//127.0.0.1")]


@pytest.mark.parametrize(("name", "value"), BAD_URLS)
@pytest.mark.parametrize("argv", [["config", "show"], ["serve"], ["db", "migrate"]])
def test_a_bad_url_stops_the_cli_with_exit_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    name: str,
    value: str,
) -> None:
    isolate_settings(monkeypatch, tmp_path)
    monkeypatch.setenv(name, value)
    outcome = run_cli(capsys, argv)
    assert outcome.code == 2
    assert outcome.err.strip().count("\n") == 0 and name in outcome.err


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("DATABASE_URL", "postgresql://analyst:hunter2pass@db:5432/ma", "analyst:****@db:5432/ma"),
        ("REDIS_URL", "redis://:hunter2pass@cache:6379/0", "redis://:****@cache:6379/0"),
    ],
)
def test_config_show_masks_the_password(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    value: str,
    shown: str,
) -> None:
    isolate_settings(monkeypatch, tmp_path)
    monkeypatch.setenv(name, value)
    outcome = run_cli(capsys, ["config", "show"])
    assert outcome.code == 0
    assert "hunter2pass" not in outcome.out
    assert shown in outcome.out


def test_mask_and_rename_keep_everything_else() -> None:
    assert mask_url("postgresql://u@h/d") == "postgresql://u@h/d"
    assert mask_url("postgresql://u:p@ss@h/d") == "postgresql://u:****@h/d"
    assert with_database("postgresql://u@/postgres?host=/s", "t1") == "postgresql://u@/t1?host=/s"


def test_the_url_scheme_picks_the_adapters() -> None:
    from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
    from movie_analyst.adapters.postgres_response_store import PostgresResponseStore
    from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
    from movie_analyst.entrypoints.container import Container

    url = "postgresql://u@127.0.0.1:1/ma"
    env = {"DATABASE_URL": url, "MEDIA_CATALOG": "tmdb", "TMDB_API_KEY": "k" * 32}
    container = Container(settings=load_settings(env, dotenv=None))
    repository = container.chat_repository()  # built, not opened: nothing connects
    assert isinstance(repository, PostgresChatRepository) and repository.url == url
    store = container.media_catalog()._cache._store  # type: ignore[attr-defined]
    assert isinstance(store, PostgresResponseStore)
    lite = Container(settings=load_settings({"DATABASE_URL": "sqlite:///x.db"}, dotenv=None))
    assert isinstance(lite.chat_repository(), SqliteChatRepository)
