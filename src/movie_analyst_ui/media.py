"""Titles found in tool results, ready for cards, charts and tables.

Tool results are compact JSON of catalog data: lists of items, a page `{items: [...]}`, or details
`{item: {...}, budget, revenue, ...}`. We walk the structure and keep anything that looks like a
movie or show, so new tool shapes still produce cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TMDB_IMAGE_BASE = "https://image.tmdb.org/t/p/w342"
MAX_DEPTH = 6
# Recommendations beside a title's details would bury the title itself under ten others.
SKIPPED_KEYS = frozenset({"item", "recommendations"})


@dataclass(frozen=True)
class Title:
    title: str
    kind: str | None = None
    id: int | str | None = None
    year: int | None = None
    score: float | None = None
    runtime: int | None = None
    revenue: int | None = None
    poster: str | None = None


def titles_from(results: Iterable[Any]) -> list[Title]:
    """Distinct titles across tool results, in first-seen order, later details filling gaps."""
    found: dict[tuple[object, ...], Title] = {}
    for result in results:
        for raw in _walk(result, 0):
            title = _title(raw)
            key = (title.kind, title.id) if title.id is not None else (title.title, title.year)
            found[key] = _merge(found.get(key), title)
    return list(found.values())


def _walk(node: Any, depth: int) -> Iterable[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for child in node:
            yield from _walk(child, depth + 1)
    elif isinstance(node, dict):
        item = node.get("item")
        if isinstance(item, dict) and _looks_like_media(item):
            yield {**item, "revenue": node.get("revenue")}  # details keep box office beside item
        elif _looks_like_media(node):
            yield node
        for key, child in node.items():
            if key not in SKIPPED_KEYS and isinstance(child, list | dict):
                yield from _walk(child, depth + 1)


def _looks_like_media(node: dict[str, Any]) -> bool:
    has_name = isinstance(node.get("title"), str)
    has_facts = any(node.get(k) is not None for k in ("year", "vote_average", "release_date"))
    return has_name and has_facts


def _title(raw: dict[str, Any]) -> Title:
    return Title(
        title=str(raw["title"]),
        kind=raw.get("kind"),
        id=raw.get("id"),
        year=_int(raw.get("year")) or _year(raw.get("release_date")),
        score=_float(raw.get("vote_average")),
        runtime=_int(raw.get("runtime")),
        revenue=_int(raw.get("revenue")),
        poster=poster_url(raw.get("poster") or raw.get("poster_path")),
    )


def _merge(old: Title | None, new: Title) -> Title:
    if old is None:
        return new
    merged = {
        k: getattr(old, k) if getattr(old, k) is not None else getattr(new, k)
        for k in old.__dataclass_fields__
    }
    return Title(**merged)


def poster_url(value: Any) -> str | None:
    """A full URL as is; a TMDB path (`/abc.jpg`) on TMDB's image host; anything else none."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith(("http://", "https://")):
        return value
    return f"{TMDB_IMAGE_BASE}{value}" if value.startswith("/") else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _year(value: Any) -> int | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None
