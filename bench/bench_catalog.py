"""The offline catalog: one import of the bundled film table, then query latency through the
adapter (each query includes its hop to the catalog's worker thread).

1. Import: bokeh-sampledata's movies.db -> our schema with FTS5, into a temporary file, once.
2. Search p50 over typical queries (titles, people, accents, a year), multi search.
3. Typo search p50 (the trigram fallback), informational.
4. Discover p50 over genre / year / rating / people / language filters.
5. Details p50 (credits + 5 recommendations) over 200 films spread over the catalog.
"""

import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.figures import Figure, p50
from movie_analyst.adapters.offline_media_catalog import OfflineMediaCatalog, import_catalog
from movie_analyst.domain.media import DiscoverQuery, MediaKind

QUERIES = [
    "Alien", "the matrix", "Amélie", "amelie", "Ridley Scott", "Hamlet", "godfather",
    "Sigourney Weaver", "star wars", "Blade Runner 1982", "casablanca", "Ed Begley, Jr.",
    "pulp fiction", "Kubrick", "toy story", "the dark knight",
]  # fmt: skip
TYPOS = ["Blade Runer", "the godfater", "Amelei", "stanely kubrik", "casablanka"]
DISCOVERIES = [
    DiscoverQuery(genres=["Sci-Fi"], year_from=1990, year_to=1999),
    DiscoverQuery(genres=["Drama"], sort_by="vote_average.desc", min_votes=50),
    DiscoverQuery(genres=["Comedy", "Romance"], min_rating=7),
    DiscoverQuery(with_people=["Ridley Scott"]),
    DiscoverQuery(language="fr", sort_by="release_date.desc"),
    DiscoverQuery(runtime_max=90, genres=["Horror"], sort_by="revenue.desc"),
]
SAMPLES = 200


async def _timed(calls: list[Callable[[], Awaitable[object]]]) -> list[float]:
    for call in calls[:5]:
        await call()  # warm the page cache
    samples = []
    for n in range(SAMPLES):
        started = time.perf_counter()
        await calls[n % len(calls)]()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _figure(name: str, samples: list[float], limit: float | None, note: str) -> Figure:
    value = round(p50(samples), 3)
    return Figure(
        area="catalog",
        name=name,
        value=value,
        unit="ms",
        target=f"<= {limit:g} ms" if limit else "",
        met=value <= limit if limit else None,
        note=note,
    )


async def measure() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "offline_catalog.db"
        started = time.perf_counter()
        stats = await import_catalog(None, target)
        seconds = time.perf_counter() - started
        imported = Figure(
            area="catalog", name="offline catalog import (once)", value=round(seconds, 2),
            unit="s", target="<= 10 s", met=seconds <= 10,
            note=f"{stats.films} films, {stats.people} people, {stats.credits} credits",
        )  # fmt: skip
        catalog = OfflineMediaCatalog(str(target))
        await catalog.start()
        try:
            figures = [imported, *await _queries(catalog)]
        finally:
            await catalog.aclose()
    return figures


async def _queries(catalog: OfflineMediaCatalog) -> list[Figure]:
    ids = random.Random(7).sample(await _film_ids(catalog), SAMPLES)
    search = await _timed([lambda q=q: catalog.search(q) for q in QUERIES])  # type: ignore[misc]
    typos = await _timed([lambda q=q: catalog.search(q) for q in TYPOS])  # type: ignore[misc]
    discover = await _timed([lambda d=d: catalog.discover(d) for d in DISCOVERIES])  # type: ignore[misc]
    details = await _timed([lambda i=i: catalog.details(MediaKind.MOVIE, i) for i in ids])  # type: ignore[misc]
    return [
        _figure("offline search p50", search, 2, f"{len(QUERIES)} titles/names, multi search"),
        _figure("offline typo search p50", typos, None, "trigram fallback, e.g. 'Blade Runer'"),
        _figure("offline discover p50", discover, 5, f"{len(DISCOVERIES)} filter mixes"),
        _figure("offline details p50", details, 1, "credits + 5 recommendations, 200 films"),
    ]


async def _film_ids(catalog: OfflineMediaCatalog) -> list[int]:
    ids: list[int] = []
    for page in range(1, 40):
        ids += [i.id for i in (await catalog.popular(MediaKind.MOVIE, page)).items]
    return ids
