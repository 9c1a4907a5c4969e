"""MEDIA_CATALOG selection: auto picks the live catalog only when a TMDB key is set."""

import pytest

from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.adapters.live_media_catalog import LiveMediaCatalog
from movie_analyst.adapters.offline_media_catalog import OfflineMediaCatalog, default_catalog_path
from movie_analyst.entrypoints.choices import choose_catalog
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.settings import SettingsError, load_settings


def _container(**env: str) -> Container:
    settings = load_settings({"DATABASE_PATH": "/tmp/ma-wiring/chat.db", **env}, dotenv=None)
    return Container(settings=settings)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "offline"),
        ({"TMDB_API_KEY": "k"}, "tmdb"),
        ({"MEDIA_CATALOG": "offline", "TMDB_API_KEY": "k"}, "offline"),
        ({"MEDIA_CATALOG": "tmdb", "TMDB_API_KEY": "k"}, "tmdb"),
    ],
)
def test_choice_follows_the_settings(env: dict[str, str], expected: str) -> None:
    assert choose_catalog(load_settings(env, dotenv=None)) == expected


async def test_the_live_choice_is_tmdb_and_tvmaze_behind_the_cache() -> None:
    container = _container(TMDB_API_KEY="k", DEFAULT_REGION="GB")
    catalog = container.media_catalog()
    assert isinstance(catalog, CachedMediaCatalog)
    assert isinstance(catalog._inner, LiveMediaCatalog) and catalog._inner._region == "GB"
    assert catalog._store is not None and catalog._store._path == "/tmp/ma-wiring/chat-cache.db"
    tmdb, tvmaze = container.tmdb_http(), container.tvmaze_http()
    assert tmdb is not None and tvmaze is not None and tmdb is not tvmaze
    assert tvmaze.follow_redirects and "movie-analyst" in tvmaze.headers["user-agent"]
    await tmdb.aclose()
    await tvmaze.aclose()


def test_the_offline_choice_uses_the_offline_catalog_file() -> None:
    container = _container(OFFLINE_CATALOG_PATH="/tmp/ma-wiring/films.db")
    catalog = container.media_catalog()
    assert (
        isinstance(catalog, OfflineMediaCatalog) and str(catalog.path) == "/tmp/ma-wiring/films.db"
    )
    assert container.tmdb_http() is None and container.tvmaze_http() is None
    default = _container().media_catalog()
    assert isinstance(default, OfflineMediaCatalog)
    assert str(default.path) == default_catalog_path()


def test_tmdb_without_a_key_names_the_missing_setting() -> None:
    container = _container(MEDIA_CATALOG="tmdb")
    with pytest.raises(SettingsError, match="TMDB_API_KEY"):
        container.media_catalog()
