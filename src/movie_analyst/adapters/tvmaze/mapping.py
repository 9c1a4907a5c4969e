"""TVMaze JSON -> domain episodes. Summaries are HTML; tags are stripped."""

import html
import re
from typing import Any

from movie_analyst.domain.media import Episode

Json = dict[str, Any]
_TAG = re.compile(r"<[^>]+>")


def plain(text: object) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return html.unescape(_TAG.sub("", text)).strip() or None


def show_of(entry: Json) -> Json:
    """`/schedule` nests the show at `show`, `/schedule/web` at `_embedded.show`."""
    show = entry.get("show") or (entry.get("_embedded") or {}).get("show")
    return show if isinstance(show, dict) else {}


def channel(show: Json) -> str | None:
    for key in ("network", "webChannel"):
        found = show.get(key)
        if isinstance(found, dict) and found.get("name"):
            return str(found["name"])
    return None


def episode(raw: Json, show: Json | None = None) -> Episode:
    show = show if show is not None else show_of(raw)
    return Episode(
        season_number=int(raw.get("season") or 0),
        episode_number=int(raw.get("number") or 0),
        name=raw.get("name") or "",
        air_date=raw.get("airdate") or None,
        overview=plain(raw.get("summary")),
        runtime=raw.get("runtime"),
        show_title=show.get("name") or None,
        network=channel(show),
        airtime=raw.get("airtime") or None,
    )
