"""Entity linking: which words of a question are a title or a person, by the catalog's own names.

Longest match first, fame as the tie-break; a span made only of function or question words is
never a name ("it", "the first one", "how long"), nor one that starts or ends with a function
word (other than a leading article). A year written next to a title is a hint for that title
("the 1998 Psycho", "Psycho (1998)"), not a period filter.
"""

import re

import msgspec

from movie_analyst.adapters.offline_analyst.grammar import FUNCTION_WORDS, words
from movie_analyst.adapters.offline_analyst.lexicon import MAX_WORDS, Lexicon, Name
from movie_analyst.adapters.offline_catalog.text import fold

_TOKEN = re.compile(r"\w+", re.UNICODE)
_ARTICLES = frozenset({"the", "a", "an"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
LONE_WORD_FAME = 0.05  # a one-word title typed in lower case needs 15+ reviews to count
QUESTION_WORDS = (
    words(
        "direct directed director directors directing directd directer wrote writer writers",
        "written cast stars star starring starred actor actors actress acted act played plays",
        "long runtime minutes running time rated rating ratings age box office gross grossed earn",
        "earned money made make oscars oscar academy awards award released release come came out",
        "year genre genres score scores rotten tomatoes metacritic plot story synopsis compare",
        "versus vs better worse longer shorter older newer how many number count similar",
        "recommend suggest trending upcoming playing airing tonight today week weekend catalog",
        "reviews reviewed critics critic decade nineties eighties seventies sixties fifties",
        "forties thirties twenties century comedy comedies horror drama dramas thriller thrillers",
        "action western westerns crime romance romantic animated animation documentary sci fi",
        "scifi science fiction fantasy mystery war musical music family sport sports biopic noir",
        "highest lowest greatest longest shortest oldest newest latest recent funny scary next",
        "now together r pg nc g",
    )
    | FUNCTION_WORDS
)
# Everyday words that are also titles: a name only when capitalised inside a sentence.
CHATTER = words(
    "new old night day time kid kids friend friends girlfriend boyfriend wife husband dad mom",
    "mother father coffee dinner lunch tomorrow yesterday anyway actually really story short",
    "random thought cooking test everything something anything nothing someone everyone life",
    "world home man woman people thing things way last long real fun nice cool sure wait",
    "hello goodbye quick question",
)
_PERSON_AFTER = words(
    "films movies film movie s directed direct directs starred stars acted filmography career",
    "comedies dramas westerns thrillers",
)
_PERSON_BEFORE = words(
    "by with starring featuring director actor actress and",
)


class Span(msgspec.Struct, frozen=True, kw_only=True):
    start: int  # character offsets in the question
    end: int
    name: Name
    year: int | None = None  # a year hint written next to a title


class Token(msgspec.Struct, frozen=True):
    folded: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(fold(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def link(text: str, lexicon: Lexicon) -> list[Span]:
    """Non-overlapping names in `text`, in reading order."""
    words = tokens(text)
    candidates = []
    for i in range(len(words)):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            part = words[i : i + size]
            if not _may_name(part, text):
                continue
            for name in lexicon.lookup(" ".join(w.folded for w in part)):
                candidates.append((size, name.fame + _hint(words, i, size, name), i, name))
    chosen: list[tuple[int, int, Name]] = []
    taken: set[int] = set()
    for size, _, i, name in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])):
        if taken.isdisjoint(range(i, i + size)):
            taken.update(range(i, i + size))
            chosen.append((i, size, name))
    spans = [_span(text, words, i, size, name, taken) for i, size, name in sorted(chosen)]
    return [s for s in spans if s is not None]


def _may_name(part: list[Token], text: str) -> bool:
    folded = [w.folded for w in part]
    if all(w in QUESTION_WORDS or w.isdigit() for w in folded):
        return False
    first, last = folded[0], folded[-1]
    typed_title = text[part[0].start].isupper() and _inside_sentence(text, part[0].start)
    lead_ok = first in _ARTICLES or len(part) >= 3 or typed_title  # "No Country…", "It Follows"
    if (first in FUNCTION_WORDS and not lead_ok) or (last in FUNCTION_WORDS and len(part) < 3):
        return False
    if len(part) == 1 and len(first) == 1:
        return False
    if len(part) == 1 and first in QUESTION_WORDS:
        return False
    if len(part) == 1 and first in CHATTER:
        return text[part[0].start].isupper() and _inside_sentence(text, part[0].start)
    return not (len(part) == 1 and text[part[0].start].islower() and len(first) < 3)


def _inside_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?"


def _hint(words: list[Token], i: int, size: int, name: Name) -> float:
    """Context that says "a person": "Hitchcock films", "directed by Nolan"."""
    if name.kind != "person":
        return 0.0
    after = words[i + size].folded if i + size < len(words) else ""
    before = words[i - 1].folded if i > 0 else ""
    return 1.0 if after in _PERSON_AFTER or before in _PERSON_BEFORE else 0.0


def _span(
    text: str, words: list[Token], i: int, size: int, name: Name, taken: set[int]
) -> Span | None:
    lower = text[words[i].start].islower()
    if size == 1 and lower and name.kind == "title" and name.fame < LONE_WORD_FAME:
        return None
    start, end, year = words[i].start, words[i + size - 1].end, None
    if name.kind == "title":
        for j in (i - 1, i + size, i + size + 1, i - 2):
            free = 0 <= j < len(words) and j not in taken and _YEAR.match(words[j].folded)
            if free and int(words[j].folded) in name.years and _near(words, i, size, j):
                year = int(words[j].folded)
                start, end = min(start, words[j].start), max(end, words[j].end)
                break
    return Span(start=start, end=end, name=name, year=year)


def _near(words: list[Token], i: int, size: int, j: int) -> bool:
    if j == i + size + 1:
        return words[i + size].folded in ("from", "in", "of")
    if j == i - 2:
        return words[i - 1].folded in ("s",)  # "1960's Psycho"
    return True
