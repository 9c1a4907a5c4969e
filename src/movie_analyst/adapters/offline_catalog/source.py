"""Reading the bundled film table (bokeh-sampledata's `movies.db`, CC0 data from Wikidata).

The source has two tables keyed by `ID`: `omdb` (facts, people as ", "-joined text) and
`tomatoes` (Rotten Tomatoes scores, box office). Empty strings stand for missing text.
"""

import hashlib
import importlib.util
import re
import sqlite3
from pathlib import Path

import msgspec

from movie_analyst.adapters.offline_catalog.text import split_list, split_names

SOURCE_PACKAGE = "bokeh_sampledata"
ATTRIBUTION = (
    "Offline film data: Wikidata contributors (CC0 1.0), via the bokeh-sampledata package."
)

_QUERY = """
SELECT o.ID, o.imdbID, o.Title, o.Year, o.Rating, o.Runtime, o.Genre, o.Released, o.Director,
       o.Writer, o."Cast", o.Metacritic, o.Language, o.Country, o.Awards, o.Oscars,
       t.Rating, t.Meter, t.Reviews, t.BoxOffice, t.Production
FROM omdb o LEFT JOIN tomatoes t ON t.ID = o.ID
"""

# Languages as the source names them -> ISO 639-1, for `discover(language="fr")`.
LANGUAGES = {
    "English": "en", "French": "fr", "Spanish": "es", "Japanese": "ja", "Italian": "it",
    "Hindi": "hi", "German": "de", "Russian": "ru", "Korean": "ko", "Mandarin": "zh",
    "Standard Chinese": "zh", "Chinese": "zh", "Cantonese": "zh", "Yue Chinese": "zh",
    "Portuguese": "pt", "Swedish": "sv", "Danish": "da", "Norwegian": "no", "Finnish": "fi",
    "Polish": "pl", "Dutch": "nl", "Turkish": "tr", "Persian": "fa", "Arabic": "ar",
    "Hebrew": "he", "Greek": "el", "Modern Greek": "el", "Hungarian": "hu", "Czech": "cs",
    "Romanian": "ro", "Thai": "th", "Tamil": "ta", "Telugu": "te", "Bengali": "bn",
    "Indonesian": "id", "Serbian": "sr", "Ukrainian": "uk", "Icelandic": "is", "Urdu": "ur",
    "Vietnamese": "vi", "Tagalog": "tl", "Filipino": "tl", "Malayalam": "ml", "Catalan": "ca",
}  # fmt: skip
_OSCARS = re.compile(r"\s*\.\s*")


class SourceFilm(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    imdb_id: str | None
    title: str
    year: int | None
    certification: str | None
    runtime: int | None
    genres: list[str]
    released: str | None
    directors: list[str]
    writers: list[str]
    cast: list[str]
    metacritic: int | None
    languages: list[str]
    countries: list[str]
    awards: list[str]
    oscars: int
    rt_rating: float | None
    rt_meter: int | None
    rt_reviews: int | None
    box_office: int | None
    production: str | None


def default_source() -> Path | None:
    """Where pip put the bundled table, found without importing the package (it is data only)."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "_data" / "movies.db"
    return path if path.is_file() else None


def digest(path: Path) -> str:
    """The source's identity: a new package version with new data triggers a re-import."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_films(path: Path) -> list[SourceFilm]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [_film(row) for row in conn.execute(_QUERY)]


def _film(r: tuple[object, ...]) -> SourceFilm:
    return SourceFilm(
        id=int(str(r[0])),
        imdb_id=_text(r[1]),
        title=str(r[2]).strip(),
        year=_int(r[3]),
        certification=_text(r[4]),
        runtime=_int(r[5]),
        genres=split_list(_text(r[6])),
        released=_text(r[7]),
        directors=split_names(_text(r[8])),
        writers=split_names(_text(r[9])),
        cast=split_names(_text(r[10])),
        metacritic=_int(r[11]),
        languages=split_list(_text(r[12])),
        countries=split_list(_text(r[13])),
        awards=[part for part in _OSCARS.split(_text(r[14]) or "") if part],
        oscars=_int(r[15]) or 0,
        rt_rating=float(str(r[16])) if r[16] is not None else None,
        rt_meter=_int(r[17]),
        rt_reviews=_int(r[18]),
        box_office=_int(r[19]),
        production=_text(r[20]),
    )


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _int(value: object) -> int | None:
    return None if value is None or value == "" else int(float(str(value)))
