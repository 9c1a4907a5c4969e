from pathlib import Path

import pytest

from movie_analyst.entrypoints.settings import SettingsError, load_settings


def test_defaults_need_no_keys() -> None:
    settings = load_settings({}, dotenv=None)
    assert settings.concentrate_api_key is None
    assert settings.tmdb_api_key is None
    assert settings.database_path == "./chat_history.db"


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"HTTP_TIMEOUT": "soon"}, "HTTP_TIMEOUT"),
        ({"HTTP_TIMEOUT": "-1"}, "HTTP_TIMEOUT"),
        ({"LLM_PROVIDER": "magic"}, "LLM_PROVIDER"),
        ({"HTTP_RETRIES": "-2"}, "HTTP_RETRIES"),
        ({"PORT": "70000"}, "PORT"),
        ({"SHUTDOWN_GRACE_SECONDS": "-1"}, "SHUTDOWN_GRACE_SECONDS"),
        ({"SHUTDOWN_GRACE_SECONDS": "7200"}, "SHUTDOWN_GRACE_SECONDS"),
        ({"SHUTDOWN_GRACE_SECONDS": "soon"}, "SHUTDOWN_GRACE_SECONDS"),
        ({"CLIENT_HEADER_TIMEOUT_SECONDS": "0"}, "CLIENT_HEADER_TIMEOUT_SECONDS"),
        ({"CLIENT_BODY_TIMEOUT_SECONDS": "-3"}, "CLIENT_BODY_TIMEOUT_SECONDS"),
        ({"MAX_CLIENT_CONNECTIONS": "0"}, "MAX_CLIENT_CONNECTIONS"),
    ],
)
def test_a_bad_value_names_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(SettingsError, match=names):
        load_settings(env, dotenv=None)


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nTMDB_API_KEY='from-file'\nLOG_LEVEL=DEBUG\n\nHTTP_RETRIES=1\n")
    settings = load_settings({"HTTP_RETRIES": "5"}, dotenv=dotenv)
    assert settings.tmdb_api_key == "from-file"
    assert settings.log_level == "DEBUG"
    assert settings.http_retries == 5


def test_allowed_origins_is_a_comma_list() -> None:
    settings = load_settings({"ALLOWED_ORIGINS": "http://a, http://b"}, dotenv=None)
    assert settings.allowed_origins == ("http://a", "http://b")
