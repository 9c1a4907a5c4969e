"""Question shapes about titles, people and lists. Each function returns an Intent or None."""

import re

from movie_analyst.adapters.offline_analyst.genres import find_genre
from movie_analyst.adapters.offline_analyst.intent import Aspect, Intent, Role, clean
from movie_analyst.adapters.offline_analyst.periods import find_period

_ACT = (
    r"(?:star(?:s|red)? in|appear(?:s|ed)? in|act(?:s|ed)? in|play(?:s|ed)? in|been in|feature in)"
)
_DIRECT = r"(?:direct(?:ed)?|make|made|do|done|film(?:ed)?|shoot|shot)"


def _m(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.IGNORECASE)


def director_questions(text: str) -> Intent | None:
    if match := _m(
        r"^who\s+(?:directed|made)\s+(.+?),?\s+and\s+what\s+(?:else|other (?:films|movies))"
        r"\s+(?:did|has|have)\s+(?:he|she|they|the director)\b",
        text,
    ):
        return Intent(name="director_and_more", title=clean(match.group(1)))
    if match := _m(r"^(?:did|has)\s+(.+?)\s+direct(?:ed)?\s+(.+)$", text):
        return Intent(
            name="directed_check", person=clean(match.group(1)), title=clean(match.group(2))
        )
    for pattern in (
        r"^who\s+(?:directed|helmed|was the director of|is the director of|made)\s+(.+)$",
        r"\bdirector(?:s)?\s+(?:of|for|behind)\s+(.+)$",
        r"^(.+?)\s+(?:was|is) directed by (?:whom|who)$",
        r"^(?:who'?s|what'?s) (.+?)'s director$",
    ):
        if match := _m(pattern, text):
            return Intent(name="director", title=clean(match.group(1)))
    for pattern in (
        r"^who\s+(?:wrote|penned|scripted)\s+(?:the (?:script|screenplay) (?:of|for)\s+)?(.+)$",
        r"\b(?:writers?|screenwriters?|screenplay)\s+(?:of|for|behind)\s+(.+)$",
    ):
        if match := _m(pattern, text):
            return Intent(name="writers", title=clean(match.group(1)))
    return None


def cast_questions(text: str) -> Intent | None:
    if match := _m(rf"^(?:is|was|does|did|has)\s+(.+?)\s+(?:in|{_ACT})\s+(.+)$", text):
        return Intent(name="is_in", person=clean(match.group(1)), title=clean(match.group(2)))
    for pattern in (
        r"^who\s+(?:is|was|are|were|stars?|starred|acts?|acted|appears?|appeared|plays?|played)"
        r"\s+in\s+(.+)$",
        r"\b(?:cast|actors|stars|cast list)\s+(?:of|in|for)\s+(.+)$",
        r"^(.+?)\s+cast$",
    ):
        if match := _m(pattern, text):
            return Intent(name="cast", title=clean(match.group(1)))
    return None


def _role(verb: str) -> Role:
    return "director" if re.match(_DIRECT, verb, re.IGNORECASE) else "actor"


def count_questions(text: str) -> Intent | None:
    start, end, rest = find_period(text)
    match = _m(
        rf"^how many (?:films|movies|pictures)\s+(?:did|has|have)\s+(.+?)\s+({_DIRECT}|{_ACT})\b",
        rest,
    )
    if match:
        return Intent(name="count", person=clean(match.group(1)), role=_role(match.group(2)),
                      year_from=start, year_to=end)  # fmt: skip
    return None


def filmography_questions(text: str) -> Intent | None:
    start, end, rest = find_period(text)
    found = _filmography_match(rest)
    if found is None:
        return None
    person, role, other = found
    return Intent(name="filmography", person=clean(person), role=role, year_from=start,
                  year_to=end, exclude=["*"] if other else [])  # fmt: skip


def _filmography_match(text: str) -> tuple[str, Role, bool] | None:
    pattern = (
        rf"\b(?:what|which)\s+(other\s+|else\s+)?(?:films|movies|pictures)?\s*"
        rf"(?:did|has|have)\s+(.+?)\s+(?:also\s+)?({_DIRECT}|{_ACT})\b"
    )
    if match := _m(pattern, text):
        return match.group(2), _role(match.group(3)), bool(match.group(1))
    if match := _m(rf"\bwhat\s+else\s+(?:did|has|have)\s+(.+?)\s+({_DIRECT}|{_ACT})\b", text):
        return match.group(1), _role(match.group(2)), True
    if match := _m(r"\b(?:films|movies|pictures)\s+(directed by|by|made by|from director|with|"
                   r"starring|featuring)\s+(.+)$", text):  # fmt: skip
        role: Role = (
            "actor" if match.group(1).lower() in ("with", "starring", "featuring") else "director"
        )
        return match.group(2), role, False
    if match := _m(
        r"^(?:the\s+)?filmography of\s+(.+)$|^(.+?)'s?\s+(?:films|movies|filmography)$", text
    ):
        return match.group(1) or match.group(2), "any", False
    # "Christopher Nolan movies", "Hitchcock films": a capitalised name, then the noun (not
    # "Sci-Fi Movies", "French films").
    match = re.match(r"^((?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'.-]*)\s+(?:films|movies)$", text)
    if match and not find_genre(match.group(1)) and not _NOT_A_NAME.search(match.group(1)):
        return match.group(1), "any", False
    return None


# Words that open "<Word> films" without naming anyone: qualities, eras, places, languages.
_NOT_A_NAME = re.compile(
    r"\b(?:best|top|new|newer|old|older|great|good|classic|recent|popular|famous|silent|"
    r"foreign|indie|independent|cult|short|long|early|late|award|oscar|hollywood|bollywood|"
    r"american|british|english|french|italian|german|spanish|japanese|korean|chinese|indian|"
    r"russian|swedish|danish|mexican|canadian|australian|european|asian|african|black|white|"
    r"color|colour|all|some|any|more|other|similar|these|those|which|what)\b",
    re.IGNORECASE,
)


# "... but older", ", only newer ones", "that are more recent": a time relative to the title.
_ERA = re.compile(
    r",?\s+(?:but\s+|only\s+|that (?:are|is|were)\s+)*(older|earlier|newer|more recent|later)"
    r"(?:\s+ones?|\s+films|\s+movies)?$",
    re.IGNORECASE,
)


def similar_questions(text: str) -> Intent | None:
    start, end, rest = find_period(text)
    era = ""
    if era_match := _ERA.search(rest):
        era = "older" if era_match.group(1).lower() in ("older", "earlier") else "newer"
        rest = rest[: era_match.start()]
    rest = re.sub(r",?\s+(?:but|only|made|released)$", "", rest.strip(), flags=re.IGNORECASE)
    for pattern in (
        r"\b(?:films|movies|something|anything|titles|more)\s+(?:like|similar to)\s+(.+)$",
        r"^similar to\s+(.+)$",
        r"\bif i (?:liked|loved|enjoyed)\s+(.+?),?\s+(?:what|which)\b",
        r"\brecommend\w*\b.*\b(?:like|similar to|after)\s+(.+)$",
    ):
        if match := _m(pattern, rest):
            return Intent(name="similar", title=clean(match.group(1)), year_from=start,
                          year_to=end, era=era)  # fmt: skip
    return None


_BROWSE = re.compile(
    r"^(?:(?:list|show me|recommend|suggest|give me|any|some|good|great)\s+)*[\w' -]*?"
    r"(?:films|movies|pictures|westerns|comedies|dramas|thrillers|musicals|documentaries)$",
    re.IGNORECASE,
)


def top_rated_questions(text: str) -> Intent | None:
    start, end, rest = find_period(text)
    genre = find_genre(rest)
    acclaim = _m(
        r"\b(best|top|highest[- ]rated|top[- ]rated|greatest|finest|acclaimed|good)\b", text
    )
    # Without a word of praise: "sci-fi movies of the 70s", a genre or period with the noun only.
    browse = (genre or start or end) and _BROWSE.match(rest) and len(rest.split()) <= 5
    if not acclaim and not browse:
        return None
    if genre or start or end or _m(r"\b(films|movies|pictures)\b", rest):
        return Intent(name="top_rated", genre=genre, year_from=start, year_to=end)
    return None


_ASPECTS: tuple[tuple[str, Aspect], ...] = (
    (r"^how long is\s+(.+)$|\b(?:runtime|running time|length) of\s+(.+)$"
     r"|^how many minutes (?:is|long is)\s+(.+)$", "runtime"),
    (r"^what(?:'s| is)\s+(.+?)\s+rated$|\b(?:certification|mpaa rating|age rating|rating) "
     r"(?:of|for)\s+(.+)$"
     r"|^is\s+(.+?)\s+(?:suitable|ok|okay|appropriate|safe) for (?:kids|children)",
     "certification"),
    (r"^how much (?:money )?did\s+(.+?)\s+(?:make|earn|gross|take)|\b(?:box office|gross|revenue)"
     r" (?:of|for)\s+(.+)$|^(.+?)\s+box office$", "box_office"),
    (r"\bawards? (?:did|has)\s+(.+?)\s+(?:win|won|get)|\bawards? (?:of|for)\s+(.+)$", "awards"),
    (r"^when (?:was|did)\s+(.+?)\s+(?:released|come out|made|premiere)|^what year (?:was|did)\s+"
     r"(.+?)\s+(?:released|come out|made)|\brelease (?:date|year) of\s+(.+)$", "year"),
    (r"^what (?:genre|kind of (?:film|movie)|type of (?:film|movie)) is\s+(.+)$", "genres"),
    (r"\b(?:rotten tomatoes|metacritic|scores?|ratings?|reviews?) (?:of|for)\s+(.+)$"
     r"|^how (?:good|well reviewed|well-reviewed) (?:is|was)\s+(.+)$|^is\s+(.+?)\s+(?:any )?good$"
     r"|^how (?:is|was)\s+(.+?)\s+rated$", "scores"),
    (r"^what(?:'s| is| was)\s+(.+?)\s+about$|\b(?:plot|story|synopsis) of\s+(.+)$", "plot"),
    (r"^(?:tell me (?:more )?about|details (?:of|for|about|on)|info(?:rmation)? (?:on|about)|"
     r"describe|what do you know about|give me details on)\s+(.+)$", "all"),
)  # fmt: skip


def detail_questions(text: str) -> Intent | None:
    for pattern, aspect in _ASPECTS:
        if match := _m(pattern, text):
            title = clean(next(group for group in match.groups() if group))
            return Intent(
                name="lookup" if aspect == "all" else "details", title=title, aspect=aspect
            )
    return None


def person_questions(text: str) -> Intent | None:
    if match := _m(r"^who (?:is|was)\s+(.+)$", text):
        return Intent(name="person", person=clean(match.group(1)))
    return None
