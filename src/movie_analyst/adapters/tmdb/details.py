"""TMDB detail JSON (movie, TV, person with `append_to_response`) -> domain details."""

from typing import Any

from movie_analyst.adapters.tmdb.mapping import Json, image_url, media_item, media_items
from movie_analyst.domain.media import (
    CastCredit,
    Credits,
    CrewCredit,
    Episode,
    MediaDetails,
    MediaKind,
    PersonCredit,
    PersonDetails,
    PersonSummary,
)

TOP_CAST = 20
RECOMMENDED = 10
FILMOGRAPHY = 60
# Crew jobs worth a prompt's room; a blockbuster lists hundreds of crew credits.
KEY_JOBS = frozenset({"Director", "Screenplay", "Writer", "Story", "Novel", "Author",
                      "Creator", "Original Music Composer", "Director of Photography",
                      "Producer", "Characters"})  # fmt: skip


def media_details(raw: Json, kind: MediaKind, region: str) -> MediaDetails:
    item = media_item(raw, kind)
    vote = raw.get("vote_average")
    related = (raw.get("recommendations") or {}).get("results") or []
    return MediaDetails(
        item=item,
        tagline=raw.get("tagline") or None,
        status=raw.get("status"),
        certification=_certification(raw, kind, region),
        budget=raw.get("budget") or None,
        revenue=raw.get("revenue") or None,
        scores={"tmdb": float(vote)} if isinstance(vote, int | float) and vote else {},
        number_of_seasons=raw.get("number_of_seasons"),
        number_of_episodes=raw.get("number_of_episodes"),
        next_episode=episode(raw.get("next_episode_to_air"), show_title=item.title),
        credits=credits(raw.get("credits") or {}, raw.get("created_by") or []),
        recommendations=media_items(related, kind)[:RECOMMENDED],
        homepage=raw.get("homepage") or None,
    )


def credits(raw: Json, creators: list[Json]) -> Credits:
    cast = sorted(raw.get("cast") or [], key=lambda c: c.get("order", 999))[:TOP_CAST]
    crew = [CrewCredit(person_id=int(c["id"]), name=c.get("name", ""), job="Creator")
            for c in creators]  # fmt: skip
    seen = {(c.person_id, c.job) for c in crew}
    for c in raw.get("crew") or []:
        key = (int(c["id"]), c.get("job", ""))
        if key[1] in KEY_JOBS and key not in seen:
            seen.add(key)
            crew.append(CrewCredit(person_id=key[0], name=c.get("name", ""), job=key[1],
                                   department=c.get("department")))  # fmt: skip
    return Credits(
        cast=[CastCredit(person_id=int(c["id"]), name=c.get("name", ""),
                         character=c.get("character") or None, order=c.get("order"))
              for c in cast],
        crew=crew,
    )  # fmt: skip


def _certification(raw: Json, kind: MediaKind, region: str) -> str | None:
    if kind is MediaKind.TV:
        ratings = (raw.get("content_ratings") or {}).get("results") or []
        return next((r["rating"] for r in ratings
                     if r.get("iso_3166_1") == region and r.get("rating")), None)  # fmt: skip
    for country in (raw.get("release_dates") or {}).get("results") or []:
        if country.get("iso_3166_1") == region:
            found = [d["certification"] for d in country.get("release_dates") or []
                     if d.get("certification")]  # fmt: skip
            return found[0] if found else None
    return None


def episode(raw: Any, *, show_title: str | None = None) -> Episode | None:
    if not isinstance(raw, dict):
        return None
    return Episode(
        season_number=int(raw.get("season_number") or 0),
        episode_number=int(raw.get("episode_number") or 0),
        name=raw.get("name") or "",
        air_date=raw.get("air_date") or None,
        overview=raw.get("overview") or None,
        runtime=raw.get("runtime"),
        show_title=show_title,
    )


def person_details(raw: Json) -> PersonDetails:
    filmography = _filmography(raw.get("combined_credits") or {})
    ranked = sorted(filmography, key=lambda c: -(c.item.vote_count or 0))
    known = list(dict.fromkeys(c.item.title for c in ranked))[:5]
    return PersonDetails(
        person=PersonSummary(
            id=int(raw["id"]),
            name=raw.get("name") or "",
            known_for_department=raw.get("known_for_department"),
            known_for=known,
            profile_path=image_url(raw.get("profile_path"), "w185"),
        ),
        biography=raw.get("biography") or None,
        birthday=raw.get("birthday"),
        deathday=raw.get("deathday"),
        place_of_birth=raw.get("place_of_birth"),
        imdb_id=raw.get("imdb_id") or (raw.get("external_ids") or {}).get("imdb_id"),
        credits=filmography[:FILMOGRAPHY],
    )


def _filmography(raw: Json) -> list[PersonCredit]:
    """Newest first; undated entries (announced projects) last."""
    found: list[PersonCredit] = []
    rows = [(r, r.get("character"), "Acting") for r in raw.get("cast") or []]
    rows += [(r, r.get("job"), r.get("department")) for r in raw.get("crew") or []]
    for row, role, department in rows:
        kind = row.get("media_type")
        if kind in ("movie", "tv") and "id" in row:
            item = media_item(row, MediaKind(kind))
            found.append(PersonCredit(item=item, role=role or "Unknown", department=department))
    return sorted(found, key=lambda c: c.item.release_date or "", reverse=True)
