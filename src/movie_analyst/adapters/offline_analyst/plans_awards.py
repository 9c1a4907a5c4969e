"""Oscar records ("which film won the most Oscars?").

The answer needs a catalog that can rank by Oscars won. The analyst only asks for that ranking
when the discover tool's description in the system prompt offers an "oscars" sort, and then
reads each leading film's awards from `get_details`, so every count it states was observed.
"""

import re
from typing import Any

from movie_analyst.adapters.offline_analyst.periods import describe_period
from movie_analyst.adapters.offline_analyst.phrasing import film
from movie_analyst.adapters.offline_analyst.tape import Tape

LEADERS = 3
_WON = re.compile(r"\bwon (\d+) (?:oscars?|academy awards?)", re.IGNORECASE)


def most_oscars(tape: Tape, year_from: int | None, year_to: int | None) -> str:
    period = describe_period(year_from, year_to)
    if not tape.declares("discover", "oscars"):
        return _cannot(period)
    args: dict[str, Any] = {"kind": "movie", "sort_by": "oscars.desc"}
    args |= {k: v for k, v in (("year_from", year_from), ("year_to", year_to)) if v}
    listed = tape.call("discover", args, "I ask the catalog for films ranked by Oscars won.")
    leaders = [r for r in listed.get("results", []) if isinstance(r, dict) and "id" in r]
    counted: list[tuple[dict[str, Any], int]] = []
    for item in leaders[:LEADERS]:
        details = tape.call(
            "get_details",
            {"kind": "movie", "id": item["id"]},
            f"I read the awards of {item.get('title')}.",
        )
        won = oscars_won(details)
        if won is None:
            break
        counted.append((details, won))
    if not counted or counted[0][1] == 0:
        return _cannot(period)
    best, most = counted[0]
    lines = [f"{film(best)} won the most Oscars{period} in the catalog: {most}."]
    others = [f"{film(d)} ({n})" for d, n in counted[1:]]
    if others:
        lines.append("Next come " + " and ".join(others) + ".")
    return " ".join(lines)


def oscars_won(details: dict[str, Any]) -> int | None:
    """The number in "Won N Oscars" among the observed awards; 0 when none says so."""
    if "error" in details:
        return None
    for award in details.get("awards", []):
        match = _WON.search(str(award))
        if match:
            return int(match.group(1))
    return 0


def _cannot(period: str) -> str:
    return (
        f"I can't rank films by Oscars{period} with this catalog's tools: it records awards per "
        "film, not as a ranking. Ask me about a specific film, e.g. “How many Oscars did Titanic "
        "win?”"
    )
