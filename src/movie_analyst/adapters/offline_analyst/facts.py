"""Sentences about one title, written only from a `get_details` observation."""

from typing import Any

from movie_analyst.adapters.offline_analyst.phrasing import film, join, money, names, person

_SCORE_NAMES = {"rotten_tomatoes": "Rotten Tomatoes", "metacritic": "Metacritic", "imdb": "IMDb",
                "tmdb": "TMDB", "audience": "audience score"}  # fmt: skip


def people_of(details: dict[str, Any], key: str) -> list[str]:
    values = details.get(key, [])
    return [names(v) for v in values if names(v)] if isinstance(values, list) else []


def runtime(d: dict[str, Any]) -> str:
    minutes = d.get("runtime")
    if not isinstance(minutes, int | float) or minutes <= 0:
        return f"The catalog has no running time for {film(d)}."
    hours, rest = divmod(int(minutes), 60)
    spelled = f" ({hours} h {rest:02d} min)" if hours else ""
    return f"{film(d)} runs {int(minutes)} minutes{spelled}."


def certification(d: dict[str, Any]) -> str:
    rating = d.get("certification")
    if not rating:
        return f"The catalog has no age certification for {film(d)}."
    return f"{film(d)} is rated {rating}."


def box_office(d: dict[str, Any]) -> str:
    revenue, budget = d.get("revenue"), d.get("budget")
    if not isinstance(revenue, int | float) or revenue <= 0:
        return f"The catalog has no box-office figure for {film(d)}."
    text = f"{film(d)} took {money(revenue)} at the box office"
    if isinstance(budget, int | float) and budget > 0:
        text += f", on a budget of {money(budget)}"
    return text + "."


def awards(d: dict[str, Any]) -> str:
    listed = [str(a) for a in d.get("awards", []) if a]
    if not listed:
        return f"The catalog records no awards for {film(d)}."
    return f"Awards for {film(d)}: {' '.join(_sentence(a) for a in listed)}"


def year(d: dict[str, Any]) -> str:
    if d.get("release_date"):
        return f"{film(d)} was released on {d['release_date']}."
    if d.get("year"):
        return f"{film(d)} came out in {d['year']}."
    return f"The catalog has no release date for {film(d)}."


def genres(d: dict[str, Any]) -> str:
    listed = [str(g) for g in d.get("genres", [])]
    if not listed:
        return f"The catalog lists no genres for {film(d)}."
    return f"{film(d)} is listed as {join(listed)}."


def score_parts(d: dict[str, Any]) -> list[str]:
    """Each score the observation holds, once, in words ("Rotten Tomatoes 93%")."""
    found = dict(d.get("scores") or {})
    parts = []
    meter = found.pop("rotten_tomatoes", None)
    average = found.pop("rotten_tomatoes_average", None)
    reviews = found.pop("rotten_tomatoes_reviews", None)
    if meter is not None:
        extra = f", critics' average {average}/10" if average is not None else ""
        extra += f" from {int(reviews)} reviews" if reviews else ""
        parts.append(f"Rotten Tomatoes {meter:.0f}%{extra}")
    if found.get("metacritic") is not None:
        parts.append(f"Metacritic {found.pop('metacritic'):.0f}/100")
    parts += [f"{_SCORE_NAMES.get(k, k.replace('_', ' '))} {v}" for k, v in found.items()]
    if isinstance(d.get("vote_average"), int | float) and average is None:
        votes = f" from {d['vote_count']} votes" if d.get("vote_count") else ""
        parts.append(f"an average rating of {d['vote_average']}/10{votes}")
    return parts


def scores(d: dict[str, Any]) -> str:
    parts = score_parts(d)
    if not parts:
        return f"The catalog has no scores for {film(d)}."
    return f"{film(d)} scores: {join(parts)}."


def plot(d: dict[str, Any]) -> str:
    overview = d.get("overview")
    if not overview:
        return f"The catalog has no synopsis for {film(d)}."
    return f"{film(d)}: {overview}"


def directors(d: dict[str, Any]) -> str:
    found = people_of(d, "directors")
    if not found:
        return f"The catalog lists no director for {film(d)}."
    return f"{film(d)} was directed by {join([person(n) for n in found])}."


def summary(d: dict[str, Any]) -> str:
    """A short profile: what it is, who made it, how long, how rated, what it earned and won."""
    kind = "show" if d.get("kind") == "tv" else "film"
    genre_words = "/".join(str(g) for g in d.get("genres", [])[:3])
    article = "an" if genre_words[:1] in tuple("AEIOU") else "a"
    head = (
        f"{film(d)} is {article} {genre_words} {kind}" if genre_words else f"{film(d)} is a {kind}"
    )
    made_by = people_of(d, "directors")
    if made_by:
        head += f" directed by {join([person(n) for n in made_by])}"
    extras = []
    if isinstance(d.get("runtime"), int | float) and d["runtime"] > 0:
        extras.append(f"{int(d['runtime'])} minutes long")
    if d.get("certification"):
        extras.append(f"rated {d['certification']}")
    lines = [head + (", " + join(extras) if extras else "") + "."]
    if score_parts(d):
        lines.append(f"Scores: {join(score_parts(d))}.")
    if isinstance(d.get("revenue"), int | float) and d["revenue"] > 0:
        lines.append(f"Box office: {money(d['revenue'])}.")
    if d.get("awards"):
        lines.append(f"Awards: {' '.join(_sentence(str(a)) for a in d['awards'])}")
    cast = people_of(d, "cast")[:5]
    if cast:
        unbilled = "billing order unknown" in str(d.get("cast_order", ""))
        order = " (best-known first)" if unbilled else ""
        lines.append(f"Cast{order} includes {join([person(n) for n in cast])}.")
    if d.get("overview"):
        lines.append(str(d["overview"]))
    return " ".join(lines)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!")) else text + "."
