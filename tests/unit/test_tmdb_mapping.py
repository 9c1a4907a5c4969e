"""Pure TMDB mapping rules: genre names both ways, sort keys per kind, images, page caps."""

from movie_analyst.adapters.tmdb.discover import discover_params, sort_by
from movie_analyst.adapters.tmdb.genres import genre_ids, genre_names
from movie_analyst.adapters.tmdb.mapping import image_url, page, year_of
from movie_analyst.domain.media import DiscoverQuery, MediaKind

MOVIE, TV = MediaKind.MOVIE, MediaKind.TV


def test_genre_names_users_type_map_to_each_kinds_ids() -> None:
    assert genre_ids(MOVIE, ["sci-fi", "Science Fiction", "WAR", "cooking"]) == [878, 10752]
    assert genre_ids(TV, ["sci-fi", "action", "war", "Drama"]) == [10765, 10759, 10768, 18]
    assert genre_names(TV, [10765, 99999, 18]) == ["Sci-Fi & Fantasy", "Drama"]


def test_sort_keys_follow_the_kind() -> None:
    assert sort_by("release_date.asc", movie=True) == "primary_release_date.asc"
    assert sort_by("release_date", movie=False) == "first_air_date.desc"
    assert sort_by("title.asc", movie=False) == "name.asc"
    assert sort_by("revenue.desc", movie=False) == "popularity.desc"
    assert sort_by("nonsense.sideways", movie=True) == "popularity.desc"


def test_discover_drops_unset_filters_and_people_for_tv() -> None:
    params = discover_params(DiscoverQuery(kind=TV, year_from=2010, page=900), people_ids=[5])
    assert params == {
        "page": 500,
        "sort_by": "popularity.desc",
        "include_adult": "false",
        "first_air_date.gte": "2010-01-01",
    }


def test_images_years_and_page_caps() -> None:
    assert image_url("/a.jpg") == "https://image.tmdb.org/t/p/w342/a.jpg"
    assert image_url(None) is None and image_url("") is None
    assert year_of("1977-05-25") == 1977 and year_of("") is None and year_of(None) is None
    listing = page({"page": 2, "total_pages": 38029, "total_results": 9, "results": [
        {"id": 1, "media_type": "collection", "title": "x"},
        {"id": 2, "title": "Heat", "release_date": "1995-12-15", "genre_ids": [80]},
    ]}, "movie")  # fmt: skip
    assert listing.total_pages == 500 and listing.page == 2
    assert [(i.id, i.genres) for i in listing.items] == [(2, ["Crime"])]  # type: ignore[union-attr]
