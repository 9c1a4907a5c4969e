"""Plans for live lists and people's profiles, written only from tool observations."""

from typing import Any

from movie_analyst.adapters.offline_analyst.phrasing import LIVE_VOTERS, film, numbered, person
from movie_analyst.adapters.offline_analyst.resolve import results_of
from movie_analyst.adapters.offline_analyst.tape import Tape

_LIVE_WHAT = {
    "trending": "what is trending",
    "upcoming": "which films are coming soon",
    "now_playing": "what is in cinemas now",
    "airing_today": "what airs on TV today",
    "on_the_air": "what is on the air this week",
}
_LIVE_HEADING = {
    "trending": "Trending this week",
    "upcoming": "Coming soon to cinemas",
    "now_playing": "In cinemas now",
    "airing_today": "Airing on TV today",
    "on_the_air": "On the air this week",
}
_LIVE_ARGS: dict[str, dict[str, Any]] = {"trending": {"kind": "all", "window": "week"}}


def live(tape: Tape, tool: str) -> str:
    what = _LIVE_WHAT.get(tool, "live data")
    listed = tape.call(tool, _LIVE_ARGS.get(tool, {}), f"I check {what}.")
    if "error" in listed:
        return f"Sorry, I can't tell you {what}: {listed['error']}"
    items = results_of(listed)
    if not items:
        return f"The catalog returned nothing for {what} just now."
    heading = _LIVE_HEADING.get(tool, "Live from the catalog")
    return f"{heading}, according to the catalog:\n{numbered(items, True, LIVE_VOTERS)}"


def profile_of(tape: Tape, who: dict[str, Any]) -> str:
    profile = tape.call(
        "get_person", {"id": who["id"]}, f"I found {who['name']}; now their profile."
    )
    if "error" in profile:
        return f"I found {person(who['name'])} but couldn't load the profile: {profile['error']}"
    return profile_text(profile)


def profile_text(p: dict[str, Any]) -> str:
    lines = [person(str(p.get("name")))]
    born = ", ".join(str(p[k]) for k in ("birthday", "place_of_birth") if p.get(k))
    if born:
        lines[0] += f" (born {born})"
    if p.get("department"):
        lines[0] += f", known for {str(p['department']).lower()}"
    lines[0] += "."
    if p.get("biography"):
        lines.append(str(p["biography"]))
    credits = [c for c in p.get("filmography", []) if isinstance(c, dict)]
    if credits:
        total = p.get("total_credits", len(credits))
        lines.append(f"Credits in the catalog: {total}. Most recent:\n{_credit_lines(credits)}")
    return "\n".join(lines)


def _credit_lines(credits: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{i}. {film(c)}{' — ' + str(c['role']) if c.get('role') else ''}"
        for i, c in enumerate(credits[:10], start=1)
    )
