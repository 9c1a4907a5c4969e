"""Movies, shows and people as every catalog describes them, whatever its source."""

import enum

import msgspec


class MediaKind(enum.StrEnum):
    MOVIE = "movie"
    TV = "tv"


class SearchKind(enum.StrEnum):
    MOVIE = "movie"
    TV = "tv"
    PERSON = "person"
    MULTI = "multi"


class TimeWindow(enum.StrEnum):
    DAY = "day"
    WEEK = "week"


class MediaItem(msgspec.Struct, frozen=True, kw_only=True):
    kind: MediaKind
    id: int  # the catalog's own id (TMDB id, or the offline catalog's row id)
    title: str
    year: int | None = None
    release_date: str | None = None  # ISO date; first air date for TV
    overview: str | None = None
    genres: list[str] = []
    runtime: int | None = None  # minutes
    vote_average: float | None = None  # 0-10
    vote_count: int | None = None
    popularity: float | None = None
    poster_path: str | None = None  # a full URL, or a TMDB path such as "/abc.jpg"
    imdb_id: str | None = None
    original_language: str | None = None


class PersonSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    known_for_department: str | None = None
    known_for: list[str] = []
    profile_path: str | None = None


class CastCredit(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    name: str
    character: str | None = None
    order: int | None = None  # billing order where the source knows it


class CrewCredit(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    name: str
    job: str  # "Director", "Screenplay", "Writer", ...
    department: str | None = None


class Credits(msgspec.Struct, frozen=True, kw_only=True):
    cast: list[CastCredit] = []
    crew: list[CrewCredit] = []


class MediaDetails(msgspec.Struct, frozen=True, kw_only=True):
    item: MediaItem
    tagline: str | None = None
    status: str | None = None
    certification: str | None = None  # e.g. MPAA "PG-13"
    budget: int | None = None
    revenue: int | None = None  # box office, USD
    scores: dict[str, float] = {}  # source -> score, e.g. {"rotten_tomatoes": 94, "metacritic": 84}
    awards: list[str] = []
    number_of_seasons: int | None = None
    number_of_episodes: int | None = None
    next_episode: "Episode | None" = None
    credits: Credits = Credits()
    recommendations: list[MediaItem] = []
    homepage: str | None = None


class PersonCredit(msgspec.Struct, frozen=True, kw_only=True):
    item: MediaItem
    role: str  # a character name, or a crew job such as "Director"
    department: str | None = None  # "Acting", "Directing", "Writing", ... when the source knows


class PersonDetails(msgspec.Struct, frozen=True, kw_only=True):
    person: PersonSummary
    biography: str | None = None
    birthday: str | None = None
    deathday: str | None = None
    place_of_birth: str | None = None
    imdb_id: str | None = None
    credits: list[PersonCredit] = []


class Page(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a listing. `items` holds MediaItem or PersonSummary values."""

    items: list[MediaItem | PersonSummary]
    page: int = 1
    total_pages: int = 1
    total_results: int = 0


class Episode(msgspec.Struct, frozen=True, kw_only=True):
    season_number: int
    episode_number: int
    name: str
    air_date: str | None = None
    overview: str | None = None
    runtime: int | None = None
    show_title: str | None = None
    network: str | None = None
    airtime: str | None = None


class Season(msgspec.Struct, frozen=True, kw_only=True):
    show_id: int
    season_number: int
    name: str
    episodes: list[Episode] = []


class WatchProviders(msgspec.Struct, frozen=True, kw_only=True):
    region: str
    link: str | None = None
    flatrate: list[str] = []
    rent: list[str] = []
    buy: list[str] = []
    free: list[str] = []


class Video(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    site: str
    key: str
    type: str
    official: bool = False


class Review(msgspec.Struct, frozen=True, kw_only=True):
    author: str
    content: str
    rating: float | None = None
    created_at: str | None = None


class ReleaseInfo(msgspec.Struct, frozen=True, kw_only=True):
    country: str
    certification: str | None = None
    release_date: str | None = None
    type: str | None = None  # theatrical, digital, ...


class Collection(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    overview: str | None = None
    parts: list[MediaItem] = []


class Genre(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str


class DiscoverQuery(msgspec.Struct, frozen=True, kw_only=True):
    kind: MediaKind = MediaKind.MOVIE
    genres: list[str] = []
    year_from: int | None = None
    year_to: int | None = None
    min_rating: float | None = None  # 0-10
    min_votes: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    language: str | None = None  # ISO 639-1
    with_people: list[str] = []  # names, resolved by the catalog
    sort_by: str = "popularity.desc"  # popularity|vote_average|release_date|revenue . asc|desc
    page: int = 1
