"""AUTH_MODE and its companions: a wrong combination stops startup with one line (exit 2)."""

import pytest

from movie_analyst.entrypoints.cli import main
from movie_analyst.entrypoints.settings import SettingsError, load_settings

SECRET = "s" * 32


@pytest.mark.parametrize(
    ("env", "mode"),
    [
        ({}, "none"),
        ({"API_AUTH_TOKEN": "shared"}, "token"),
        ({"AUTH_MODE": "token", "API_AUTH_TOKEN": "shared"}, "token"),
        ({"AUTH_MODE": "users", "AUTH_SECRET": SECRET}, "users"),
        ({"AUTH_MODE": "none"}, "none"),
        ({"AUTH_MODE": "proxy", "TRUSTED_PROXIES": "10.0.0.0/8, ::1"}, "proxy"),
    ],
)
def test_the_mode_defaults_to_token_only_when_a_token_is_set(
    env: dict[str, str], mode: str
) -> None:
    assert load_settings(env, dotenv=None).auth == mode


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"AUTH_MODE": "everyone"}, "AUTH_MODE"),
        ({"AUTH_MODE": "token"}, "AUTH_MODE=token needs API_AUTH_TOKEN"),
        ({"AUTH_MODE": "none", "API_AUTH_TOKEN": "t"}, "only with AUTH_MODE=token, not none"),
        ({"AUTH_MODE": "users", "API_AUTH_TOKEN": "t", "AUTH_SECRET": SECRET}, "not users"),
        ({"AUTH_MODE": "users"}, "AUTH_SECRET of at least 32"),
        ({"AUTH_MODE": "users", "AUTH_SECRET": "short"}, "AUTH_SECRET of at least 32"),
        ({"AUTH_MODE": "proxy"}, "needs TRUSTED_PROXIES"),
        ({"AUTH_MODE": "proxy", "TRUSTED_PROXIES": "10.0.0.0/8,nginx"}, "'nginx' is not"),
    ],
)
def test_a_wrong_combination_names_what_to_fix(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        load_settings(env, dotenv=None)


def test_a_bad_auth_mode_exits_2_like_every_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("AUTH_MODE", "users")
    monkeypatch.delenv("AUTH_SECRET", raising=False)
    assert main(["serve"]) == 2
    assert "AUTH_SECRET" in capsys.readouterr().err
