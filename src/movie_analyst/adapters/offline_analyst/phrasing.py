"""How answers name things. Films are written `**Title** (year)` and people `**Name**`, so a
follow-up question can find them again in the stored answer text (see `references`)."""

import unicodedata
from typing import Any

MAX_LISTED = 10


def norm(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("&", " and ")
    kept = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(kept.split())


def norm_title(text: str) -> str:
    words = norm(text).split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def excluded_titles(exclude: list[str]) -> set[str]:
    """Comparable titles of "Title (year)" entries to leave out. "*" stands for "the films of
    the last answer" and is replaced before planning; left over, it means nothing to skip."""
    return {norm_title(t.rsplit(" (", 1)[0]) for t in exclude if t != "*"}


def film(item: dict[str, Any]) -> str:
    title = str(item.get("title") or item.get("name") or "an untitled entry")
    year = item.get("year")
    return f"**{title}** ({year})" if year else f"**{title}**"


def person(name: str) -> str:
    return f"**{name}**"


def names(item: Any) -> str:
    """A person given as a plain name or an object with `name`."""
    if isinstance(item, dict):
        return str(item.get("name", ""))
    return str(item)


def join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def money(amount: float) -> str:
    if amount >= 1e9:
        return f"${amount / 1e9:.2f} billion"
    if amount >= 1e6:
        return f"${amount / 1e6:.1f} million"
    return f"${amount:,.0f}"


CRITICS = "critics"  # the offline catalog's `vote_average`: the critics' average
LIVE_VOTERS = "TMDB users"  # live lists come from TMDB, whose `vote_average` is its users' votes


def rating(item: dict[str, Any], source: str = CRITICS) -> str:
    """Whose score it is, always: " — critics 9.3/10"."""
    score = item.get("vote_average")
    return f" — {source} {float(score):.1f}/10" if isinstance(score, int | float) else ""


def numbered(items: list[dict[str, Any]], with_rating: bool = False, source: str = CRITICS) -> str:
    lines = []
    for index, item in enumerate(items[:MAX_LISTED], start=1):
        suffix = rating(item, source) if with_rating else ""
        lines.append(f"{index}. {film(item)}{suffix}")
    return "\n".join(lines)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
