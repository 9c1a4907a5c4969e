"""The offline catalog on the real bundled data: import, the source's quirks, ranking, typos."""

import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from movie_analyst.adapters.offline_catalog.importer import SCHEMA_VERSION, needs_import
from movie_analyst.adapters.offline_media_catalog import (
    OfflineMediaCatalog,
    default_catalog_path,
    import_catalog,
)
from movie_analyst.application.errors import InvalidRequest, LiveDataUnavailable
from movie_analyst.domain.media import DiscoverQuery, MediaItem, MediaKind, SearchKind
from tests.support.catalog import bundled_source, imported_catalog

MOVIE = MediaKind.MOVIE


@pytest.fixture
async def catalog() -> AsyncIterator[OfflineMediaCatalog]:
    real = OfflineMediaCatalog(str(imported_catalog()))
    await real.start()
    yield real
    await real.aclose()


def titles(items: list[object]) -> list[str]:
    return [i.title for i in items if isinstance(i, MediaItem)]


async def test_import_holds_the_whole_table(catalog: OfflineMediaCatalog) -> None:
    stats = await catalog.stats()
    assert stats.films == 17_472 and (stats.year_from, stats.year_to) == (1940, 2014)
    assert stats.people > 50_000 and stats.genres == 21 and stats.credits > 200_000
    assert stats.schema_version == SCHEMA_VERSION and stats.import_seconds > 0


async def test_start_imports_only_when_missing_or_outdated(tmp_path: Path) -> None:
    target = tmp_path / "catalog.db"
    shutil.copy(imported_catalog(), target)
    assert not needs_import(target, bundled_source())
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'schema_version'")
    assert needs_import(target, bundled_source())
    assert needs_import(tmp_path / "missing.db", bundled_source())


def small_source(folder: Path) -> Path:
    """The bundled table's two tables, cut down to the Alien films: a quick import."""
    path = folder / "movies.db"
    with sqlite3.connect(path) as conn:
        conn.execute("ATTACH DATABASE ? AS full", (f"file:{bundled_source()}?mode=ro",))
        conn.execute("CREATE TABLE omdb AS SELECT * FROM full.omdb WHERE Title LIKE 'Alien%'")
        conn.execute("CREATE TABLE tomatoes AS SELECT * FROM full.tomatoes WHERE ID IN "
                     "(SELECT ID FROM omdb)")  # fmt: skip
    return path


async def test_import_catalog_writes_the_target(tmp_path: Path) -> None:
    source = small_source(tmp_path)
    stats = await import_catalog(source, tmp_path / "sub" / "c.db")
    assert stats.films == 16 and stats.path == str(tmp_path / "sub" / "c.db")
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["c.db"]  # no temp file left
    small = OfflineMediaCatalog(stats.path, source=str(source))
    await small.start()
    try:
        assert titles((await small.search("aliens")).items)[0] == "Aliens"
    finally:
        await small.aclose()


async def test_start_without_source_or_file_says_how_to_fix(tmp_path: Path) -> None:
    missing = OfflineMediaCatalog(str(tmp_path / "none.db"), source=str(tmp_path / "no.db"))
    with pytest.raises(FileNotFoundError, match="bokeh-sampledata"):
        await missing.start()


def test_default_path_is_one_shared_file_in_the_user_cache(tmp_path: Path) -> None:
    path = Path(default_catalog_path(environ={"XDG_CACHE_HOME": str(tmp_path)}))
    assert path.parent == tmp_path / "movie-analyst"
    assert path.name.startswith("offline_catalog-v") and path.suffix == ".db"
    assert default_catalog_path("/data/films.db") == "/data/films.db"


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("Blade Runer", "Blade Runner"), ("the godfater", "The Godfather"), ("Amelei", "Amélie")],
)
async def test_typos_still_find_the_film(
    catalog: OfflineMediaCatalog, typo: str, meant: str
) -> None:
    assert titles((await catalog.search(typo)).items)[0] == meant


async def test_a_trailing_year_narrows_the_search(catalog: OfflineMediaCatalog) -> None:
    assert [(i.title, i.year) for i in (await catalog.search("Hamlet (1948)")).items] == [
        ("Hamlet", 1948)
    ]


async def test_names_with_a_comma_are_one_person(catalog: OfflineMediaCatalog) -> None:
    names = [p.name for p in (await catalog.search("Ed Begley", SearchKind.PERSON)).items]
    assert names[:2] == ["Ed Begley", "Ed Begley, Jr."]
    assert "Jr." not in names
    senior = await catalog.resolve_person("Ed Begley")
    assert senior is not None
    details = await catalog.person(senior.id)
    assert details is not None and "12 Angry Men" in titles([c.item for c in details.credits])


async def test_cast_claims_no_billing_order(catalog: OfflineMediaCatalog) -> None:
    alien = await catalog.resolve_title("Alien", 1979)
    assert alien is not None
    details = await catalog.details(MOVIE, alien.id)
    assert details is not None and details.credits.cast
    assert all(c.order is None and c.character is None for c in details.credits.cast)
    names = [c.name for c in details.credits.cast]
    assert names != sorted(names)  # the source's A-Z order is replaced by best-known first
    assert "Sigourney Weaver" in names[:5] and names[0] == "Harry Dean Stanton"
    assert details.certification == "R" and details.awards == [
        "Won 1 Oscar",
        "Nominated for 2 Oscars",
    ]
    assert details.scores["rotten_tomatoes"] == 93 and details.scores["metacritic"] == 89
    assert details.revenue and details.revenue > 100_000_000


def in_order_shown(items: list[object]) -> bool:
    """Each rating at most the one above it; equal ratings with the more reviewed first."""
    keys = [(i.vote_average, i.vote_count) for i in items if isinstance(i, MediaItem)]
    return len(keys) == len(items) and keys == sorted(keys, reverse=True)  # type: ignore[arg-type]


async def test_top_rated_is_in_the_order_of_the_ratings_it_shows(
    catalog: OfflineMediaCatalog,
) -> None:
    """Among films at least 40 critics reviewed (a 10/10 from five does not top it), by the
    critics' average each item carries: was a weighted order beside plain averages."""
    for page in (1, 2):
        top = list((await catalog.top_rated(MOVIE, page)).items)
        assert all(isinstance(i, MediaItem) and (i.vote_count or 0) >= 40 for i in top)
        assert in_order_shown(top)
    assert "Citizen Kane" in titles((await catalog.top_rated(MOVIE)).items)


async def test_discover_by_rating_is_in_the_order_of_the_ratings_it_shows(
    catalog: OfflineMediaCatalog,
) -> None:
    query = DiscoverQuery(genres=["horror"], year_from=1980, year_to=1989, min_votes=20,
                          sort_by="vote_average.desc")  # fmt: skip
    page = await catalog.discover(query)
    assert len(page.items) == 20 and in_order_shown(list(page.items))
    assert titles(page.items)[:2] == ["Aliens", "The Terminator"]


async def test_similar_prefers_shared_people(catalog: OfflineMediaCatalog) -> None:
    alien = await catalog.resolve_title("alien 1979")
    assert alien is not None
    assert "Aliens" in titles((await catalog.similar(MOVIE, alien.id)).items[:5])


async def test_discover_by_language_genre_synonym_and_rating(catalog: OfflineMediaCatalog) -> None:
    query = DiscoverQuery(
        genres=["science fiction"], language="French", min_rating=7, sort_by="vote_average.desc"
    )
    page = await catalog.discover(query)
    assert page.items and page.total_results >= len(page.items)
    assert all(
        isinstance(i, MediaItem) and i.original_language == "fr" and (i.vote_average or 0) >= 7
        for i in page.items
    )


async def test_discover_names_what_it_does_not_know(catalog: OfflineMediaCatalog) -> None:
    with pytest.raises(InvalidRequest, match="Sci-Fi"):
        await catalog.discover(DiscoverQuery(genres=["superhero"]))
    with pytest.raises(InvalidRequest, match="Zzyzx Qwerty"):
        await catalog.discover(DiscoverQuery(with_people=["Zzyzx Qwerty"]))


async def test_resolvers_for_the_offline_analyst(catalog: OfflineMediaCatalog) -> None:
    found = await catalog.resolve_title("amelie")
    assert found is not None and found.title == "Amélie"
    assert await catalog.resolve_title("qqqqqqqq") is None
    person = await catalog.resolve_person("denis villeneuve")
    assert person is not None and person.known_for_department == "Directing"
    assert "Western" in await catalog.known_genres()


async def test_release_dates_give_the_mpaa_rating(catalog: OfflineMediaCatalog) -> None:
    alien = await catalog.resolve_title("Alien", 1979)
    assert alien is not None
    [info] = await catalog.release_dates(alien.id)
    assert (info.country, info.certification, info.release_date) == ("US", "R", "1979-05-25")


async def test_live_sentences_say_what_to_do(catalog: OfflineMediaCatalog) -> None:
    with pytest.raises(LiveDataUnavailable, match="TMDB_API_KEY"):
        await catalog.trending(SearchKind.MULTI)
    with pytest.raises(LiveDataUnavailable, match="films only"):
        await catalog.details(MediaKind.TV, 1)
