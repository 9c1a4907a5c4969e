"""USER_RUNS_PER_MINUTE and USER_TOKENS_PER_DAY: 0 (no limit, no check at all) by default, a
bad value stops startup naming the variable (exit 2), and the budgets are counted in process
or, with REDIS_URL, in Redis where every replica and worker sees them."""

from pathlib import Path

import pytest

from movie_analyst.adapters.in_memory_usage_limits import InMemoryUsageLimits
from movie_analyst.adapters.redis_usage_limits import RedisUsageLimits
from movie_analyst.entrypoints.cli import main
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.settings import SettingsError, load_settings


def _container(tmp_path: Path, **env: str) -> Container:
    settings = load_settings({"DATABASE_PATH": str(tmp_path / "c.db"), **env}, dotenv=None)
    return Container(settings=settings)


def test_no_limit_binds_no_check_at_all(tmp_path: Path) -> None:
    container = _container(tmp_path)
    assert container.runs.usage_limits() is None
    assert getattr(container.use_cases.chat(), "_limits", "missing") is None


@pytest.mark.parametrize(
    ("env", "adapter"),
    [
        ({"USER_RUNS_PER_MINUTE": "5"}, InMemoryUsageLimits),
        ({"USER_TOKENS_PER_DAY": "100000"}, InMemoryUsageLimits),
        ({"USER_RUNS_PER_MINUTE": "5", "REDIS_URL": "redis://127.0.0.1:1/0"}, RedisUsageLimits),
    ],
)
def test_a_limit_is_counted_where_runs_are_coordinated(
    tmp_path: Path, env: dict[str, str], adapter: type
) -> None:
    container = _container(tmp_path, **env)
    limits = container.runs.usage_limits()
    assert isinstance(limits, adapter)
    assert getattr(container.use_cases.chat(), "_limits", None) is limits
    assert getattr(container.use_cases.continue_conversation(), "_limits", None) is limits


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"USER_RUNS_PER_MINUTE": "-1"}, "USER_RUNS_PER_MINUTE must be 0 or more"),
        ({"USER_TOKENS_PER_DAY": "-5"}, "USER_TOKENS_PER_DAY must be 0 or more"),
        ({"USER_TOKENS_PER_DAY": "lots"}, "USER_TOKENS_PER_DAY"),
        ({"USER_RUNS_PER_MINUTE": "1.5"}, "USER_RUNS_PER_MINUTE"),
    ],
)
def test_a_bad_limit_names_the_variable(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        load_settings(env, dotenv=None)


def test_a_bad_limit_exits_2_like_every_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USER_RUNS_PER_MINUTE", "-3")
    assert main(["serve"]) == 2
    assert "USER_RUNS_PER_MINUTE" in capsys.readouterr().err
