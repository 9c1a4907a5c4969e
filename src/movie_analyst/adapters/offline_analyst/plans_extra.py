"""Plans for the catalog's other tools. Each relays a tool's refusal (no live data, no TV
offline) as it was given, and states only what the observation holds."""

from typing import Any

from movie_analyst.adapters.offline_analyst.phrasing import film, join, numbered
from movie_analyst.adapters.offline_analyst.resolve import resolve_title
from movie_analyst.adapters.offline_analyst.tape import Tape

MAX_REVIEWS = 3


def _rows(observation: dict[str, Any]) -> list[dict[str, Any]]:
    found = observation.get("results", [])
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def next_episode(tape: Tape, title: str) -> str:
    item = resolve_title(tape, title).item
    if item.get("kind") != "tv":
        return f"{film(item)} is a film, not a show, so it has no next episode."
    ep = tape.call(
        "next_episode", {"show_id": item["id"]}, f"I check {item.get('title')}'s schedule."
    )
    if "error" in ep:
        return f"I can't tell when {film(item)} airs next: {ep['error']}"
    code = f"S{ep.get('season', '?')}E{ep.get('episode', '?')}"
    when = f" on {ep['air_date']}" if ep.get("air_date") else ""
    where = f" ({ep['network']})" if ep.get("network") else ""
    return (
        f"The next episode of {film(item)} is {code} “{ep.get('name', 'untitled')}”{when}{where}."
    )


def videos(tape: Tape, title: str) -> str:
    item = resolve_title(tape, title).item
    found = tape.call("videos", {"kind": item.get("kind", "movie"), "id": item["id"]},
                      f"I look for trailers of {item.get('title')}.")  # fmt: skip
    if "error" in found:
        return f"I can't list trailers for {film(item)}: {found['error']}"
    clips = _rows(found)
    if not clips:
        return f"The catalog has no trailers for {film(item)}."
    lines = [_clip(c) for c in clips[:5]]
    return f"Videos for {film(item)}:\n" + "\n".join(lines)


def reviews(tape: Tape, title: str) -> str:
    item = resolve_title(tape, title).item
    found = tape.call("reviews", {"kind": item.get("kind", "movie"), "id": item["id"]},
                      f"I read reviews of {item.get('title')}.")  # fmt: skip
    if "error" in found:
        return f"I can't show reviews of {film(item)}: {found['error']}"
    written = _rows(found)
    if not written:
        return f"The catalog has no reviews of {film(item)}."
    lines = [_review(r) for r in written[:MAX_REVIEWS]]
    return f"Reviews of {film(item)}:\n" + "\n".join(lines)


def release_dates(tape: Tape, title: str) -> str:
    item = resolve_title(tape, title).item
    found = tape.call("release_dates", {"movie_id": item["id"]},
                      f"I check the release dates of {item.get('title')}.")  # fmt: skip
    if "error" in found:
        return f"I can't list release dates for {film(item)}: {found['error']}"
    rows = _rows(found)
    if not rows:
        return f"The catalog has no release dates for {film(item)}."
    lines = [f"- {r.get('country', '?')}: {r.get('date', 'date unknown')}"
             f"{', rated ' + str(r['certification']) if r.get('certification') else ''}"
             for r in rows[:10]]  # fmt: skip
    return f"Release dates of {film(item)}:\n" + "\n".join(lines)


def popular(tape: Tape, kind: str) -> str:
    noun = "shows" if kind == "tv" else "films"
    found = tape.call("popular", {"kind": kind}, f"I list the most popular {noun}.")
    if "error" in found:
        return f"I can't list popular {noun}: {found['error']}"
    items = _rows(found)
    if not items:
        return f"The catalog returned no popular {noun}."
    return f"The most popular {noun} in the catalog:\n{numbered(items, with_rating=True)}"


def genre_list(tape: Tape, kind: str) -> str:
    noun = "TV" if kind == "tv" else "film"
    found = tape.call("genres", {"kind": kind}, f"I list the catalog's {noun} genres.")
    if "error" in found:
        return f"I can't list {noun} genres: {found['error']}"
    names = [str(n) for n in found.get("results", []) if isinstance(n, str)]
    if not names:
        return f"The catalog lists no {noun} genres."
    return f"The catalog's {noun} genres: {join(names)}."


def where_to_watch(tape: Tape, title: str) -> str:
    item = resolve_title(tape, title).item
    offers = tape.call("watch_providers", {"kind": item.get("kind", "movie"), "id": item["id"]},
                       f"I found {item.get('title')}; now I check where to watch it.")  # fmt: skip
    if "error" in offers:
        return f"I can't tell where to watch {film(item)}: {offers['error']}"
    parts = [f"{label}: {join([str(p) for p in offers[key]])}" for key, label in
             (("stream", "stream on"), ("free", "free on"), ("rent", "rent from"),
              ("buy", "buy from")) if offers.get(key)]  # fmt: skip
    if not parts:
        return f"I found no streaming offers for {film(item)}."
    region = offers.get("region", "your region")
    return f"In {region}, you can watch {film(item)} — {'; '.join(parts)}."


def _clip(clip: dict[str, Any]) -> str:
    where = clip.get("url") or clip.get("site") or "no link"
    return f"- {clip.get('name', 'Video')} ({clip.get('type', 'clip')}): {where}"


def _review(review: dict[str, Any]) -> str:
    rating = f" ({review['rating']}/10)" if review.get("rating") else ""
    return f"- {review.get('author', 'Someone')}{rating}: {review.get('content', '')}"


def about_title(tape: Tape, tool: str, title: str) -> str:
    """One title-specific tool by name: trailers, reviews, release dates, streaming, schedule."""
    match tool:
        case "videos":
            return videos(tape, title)
        case "reviews":
            return reviews(tape, title)
        case "release_dates":
            return release_dates(tape, title)
        case "next_episode":
            return next_episode(tape, title)
    return where_to_watch(tape, title)
