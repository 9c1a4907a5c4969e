"""“Films like X”, optionally narrowed in time: “but older”, “from before 1980”, “in the 70s”.

The catalog's `similar` list is ranked by shared people and genres; when a period leaves too few
of them, `discover` adds the best-rated films of X's genres in that period.
"""

from typing import Any

from movie_analyst.adapters.offline_analyst.periods import describe_period, within
from movie_analyst.adapters.offline_analyst.phrasing import MAX_LISTED, film, numbered
from movie_analyst.adapters.offline_analyst.query import Query
from movie_analyst.adapters.offline_analyst.resolve import Resolved, results_of
from movie_analyst.adapters.offline_analyst.tape import Tape

ENOUGH = 5  # fewer similar titles than this in the period: widen with the genre's best


def with_note(text: str, found: Resolved) -> str:
    return f"{text}\n\n{found.note}" if found.note else text


def similar(tape: Tape, found: Resolved, q: Query) -> str:
    item = found.item
    listed = tape.call(
        "similar",
        {"kind": item.get("kind", "movie"), "id": item["id"]},
        f"I found {item.get('title')}; now I look for similar titles.",
    )
    results = results_of(listed)
    start, end = _bounds(q, item)
    if start is None and end is None:
        if not results:
            reason = listed.get("error", "the catalog has no similar titles for it")
            return with_note(f"I couldn't find titles like {film(item)}: {reason}", found)
        return with_note(f"If you liked {film(item)}, try:\n{numbered(results, True)}", found)
    kept = [r for r in results if within(r.get("year"), start, end)]
    if len(kept) < ENOUGH and item.get("genres"):
        kept += _genre_best(tape, item, start, end, {r.get("id") for r in kept})
    period = _describe(q, item, start, end)
    if not kept:
        return with_note(f"I found no titles like {film(item)}{period} in the catalog.", found)
    listing = numbered(kept, True)
    return with_note(f"If you liked {film(item)}, try these{period}:\n{listing}", found)


def _bounds(q: Query, item: dict[str, Any]) -> tuple[int | None, int | None]:
    year = item.get("year")
    if q.era and isinstance(year, int):
        return (None, year - 1) if q.era == "older" else (year + 1, None)
    return q.year_from, q.year_to


def _describe(q: Query, item: dict[str, Any], start: int | None, end: int | None) -> str:
    if q.era:
        return f", released {'before' if q.era == 'older' else 'after'} {item.get('year')}"
    return describe_period(start, end)


def _genre_best(
    tape: Tape, item: dict[str, Any], start: int | None, end: int | None, seen: set[Any]
) -> list[dict[str, Any]]:
    genres = [str(g) for g in item.get("genres", [])][:2]
    args: dict[str, Any] = {"kind": item.get("kind", "movie"), "genres": genres}
    args |= {k: v for k, v in (("year_from", start), ("year_to", end)) if v is not None}
    args["sort_by"] = "vote_average.desc"
    thought = f"Few similar titles fall in that period; I add the best {'/'.join(genres)} films."
    best = results_of(tape.call("discover", args, thought))
    fresh = [r for r in best if r.get("id") not in seen and r.get("id") != item.get("id")]
    return fresh[:MAX_LISTED]
