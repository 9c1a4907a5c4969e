"""Reading one title's details, and checking a person's credits when a top-cast list is capped."""

from typing import Any

from movie_analyst.adapters.offline_analyst.phrasing import film
from movie_analyst.adapters.offline_analyst.resolve import Resolved, resembles, resolve_person
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape


def details_of(tape: Tape, found: Resolved) -> dict[str, Any]:
    item = found.item
    observed = tape.call(
        "get_details",
        {"kind": item.get("kind", "movie"), "id": item["id"]},
        f"I found {item.get('title')} (id {item['id']}); now I need its details.",
    )
    if "error" in observed:
        raise Finish(f"I found {film(item)} but couldn't load its details: {observed['error']}")
    return observed


def in_filmography(
    tape: Tape, name: str, d: dict[str, Any], loose_title: str
) -> tuple[str, dict[str, Any]] | None:
    """Top-cast lists are capped, so a missing name is checked against the person's credits:
    that very film, or (when the title only loosely matched) any credit with that title."""
    who = resolve_person(tape, name)
    args: dict[str, Any] = {"kind": d.get("kind", "movie"), "with_people": [who["name"]]}
    if not loose_title:
        args |= {"year_from": d.get("year"), "year_to": d.get("year")}
    thought = f"{who['name']} is not in the top-cast list; I check their credits."
    found = tape.call("discover", args, thought)
    for item in found.get("results", []):
        if not isinstance(item, dict):
            continue
        if item.get("id") == d.get("id") or (
            loose_title and resembles(loose_title, str(item.get("title", "")))
        ):
            return str(who["name"]), item
    return None
