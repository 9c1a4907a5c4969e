"""REDIS_URL and RUN_LEASE_SECONDS: in-process by default, a clear error naming the variable
(exit 2 and the masked password: test_database_url), the Redis adapters bound only with
REDIS_URL."""

from pathlib import Path

import pytest

from movie_analyst.adapters.asyncio_task_runner import AsyncioTaskRunner
from movie_analyst.adapters.redis_replica_leases import RedisReplicaLeases
from movie_analyst.adapters.redis_run_event_log import RedisRunEventLog
from movie_analyst.adapters.redis_session_runs import RedisSessionRuns
from movie_analyst.adapters.redis_task_runner import RedisTaskRunner
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.settings import SettingsError, load_settings


def test_runs_are_in_process_unless_redis_url_is_set() -> None:
    settings = load_settings({}, dotenv=None)
    assert settings.coordination == "in-process" and settings.run_lease_seconds == 15.0
    redis = load_settings({"REDIS_URL": "redis://127.0.0.1:6379/2"}, dotenv=None)
    assert redis.coordination == "redis"


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "must start with one of"),
        ({"REDIS_URL": "redis://:s3cretpass@/0"}, "needs a host"),
        ({"REDIS_URL": "redis://h:port/0"}, "bad port"),
        ({"REDIS_URL": "unix://"}, "socket's path"),
        ({"RUN_LEASE_SECONDS": "0"}, "greater than 0"),
        ({"RUN_LEASE_SECONDS": "soon"}, "RUN_LEASE_SECONDS"),
    ],
)
def test_a_bad_value_names_the_variable_and_hides_the_password(
    env: dict[str, str], reason: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(env, dotenv=None)
    message = str(raised.value)
    assert message.startswith(next(iter(env))) and reason in message
    assert "s3cretpass" not in message


def _container(tmp_path: Path, **env: str) -> Container:
    settings = load_settings({"DATABASE_PATH": str(tmp_path / "c.db"), **env}, dotenv=None)
    return Container(settings=settings)


def test_the_container_binds_redis_adapters_only_with_redis_url(tmp_path: Path) -> None:
    local = _container(tmp_path)
    assert isinstance(local.task_runner(), AsyncioTaskRunner)
    assert isinstance(local.session_runs(), SessionRuns)
    assert local.runs.redis() is None and local.replica_leases() is None

    shared = _container(tmp_path, REDIS_URL="redis://127.0.0.1:1/0", REDIS_KEY_PREFIX="t1:")
    assert isinstance(shared.task_runner(), RedisTaskRunner)
    assert isinstance(shared.session_runs(), RedisSessionRuns)
    assert isinstance(shared.replica_leases(), RedisReplicaLeases)
    inner = getattr(shared.run_event_log(), "_inner", None)
    assert isinstance(inner, RedisRunEventLog)
    redis = shared.runs.redis()
    assert redis is not None and redis.prefix == "t1:"
    assert shared.runs.redis() is redis  # one client per process, shared by every adapter
