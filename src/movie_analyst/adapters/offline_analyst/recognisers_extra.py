"""Question shapes for the catalog's other tools: TV episodes, trailers, reviews, popularity,
genre lists and release dates."""

import re

from movie_analyst.adapters.offline_analyst.intent import Intent, IntentName, clean

_TV = re.compile(r"\b(shows?|series|tv|television|sitcoms?)\b", re.IGNORECASE)
_TITLED: tuple[tuple[str, IntentName], ...] = (
    (r"\bnext episode of\s+(.+)$|^when (?:is|does) the next episode of\s+(.+?)(?:\s+air)?$"
     r"|^when does\s+(.+?)\s+(?:come back|return)$", "next_episode"),
    (r"\btrailers?\s+(?:for|of|to)\s+(.+)$|^(.+?)\s+trailers?$|\bvideos?\s+(?:for|of)\s+(.+)$",
     "videos"),
    (r"\b(?:read |show me )?reviews?\s+(?:of|for)\s+(.+)$|\bwhat (?:do|did) (?:the )?critics"
     r" (?:say|think) (?:about|of)\s+(.+)$", "reviews"),
    (r"\brelease dates?\s+(?:of|for)\s+(.+)$|\bcertifications?\s+(?:of|for)\s+(.+?)\s+"
     r"(?:by|per|in each) country$", "release_dates"),
)  # fmt: skip


def extra_questions(text: str) -> Intent | None:
    for pattern, name in _TITLED:
        if match := re.search(pattern, text, re.IGNORECASE):
            title = clean(next(group for group in match.groups() if group))
            return Intent(name=name, title=title)
    kind = "tv" if _TV.search(text) else "movie"
    if re.search(
        r"\b(what|which) genres\b|\blist (?:of |the )*genres\b|\bgenre list\b", text, re.I
    ):
        return Intent(name="genre_list", kind=kind)
    if re.search(r"\bmost popular\b|\bwhat'?s popular\b|\bpopular (films|movies|shows|series)\b",
                 text, re.I):  # fmt: skip
        return Intent(name="popular", kind=kind)
    return None
