"""The compositional parser: free text -> `Query`, in any word order, ignoring chatter.

Names are found first (`link`), then blanked out so a title's words are never read as cues
("The Money Pit" asks nothing about money); every cue is then read from what is left, each on
its own, and `_want` decides what the answer returns from the combination.
"""

import re

import msgspec

from movie_analyst.adapters.offline_analyst import cues
from movie_analyst.adapters.offline_analyst import grammar as g
from movie_analyst.adapters.offline_analyst.lexicon import Lexicon
from movie_analyst.adapters.offline_analyst.link import QUESTION_WORDS, Span, link
from movie_analyst.adapters.offline_analyst.query import PersonRef, Query, Role, TitleRef

_IMDB = re.compile(r"\b(tt\d{7,8})\b")
_IT = re.compile(r"\b(?:it|that (?:film|movie|one)|this (?:film|movie|one)|the (?:film|movie))\b")
_HE = re.compile(r"\b(?:he|she|him|his|hers|they|their)\b|\bher\b(?! \w+ (?:film|movie))")
_ORDINAL = re.compile(r"\b(?:the )?(" + "|".join(g.ORDINALS) + r")(?: one| film| movie| title)?\b"
                      r"|(?:number|no\.?|#)\s*(\d{1,2})\b")  # fmt: skip
_ORIGINAL = re.compile(r"\b(?:the first one|the original|the first film|the first movie)\b")
_DIRECTOR_BEFORE = re.compile(r"(?:directed by|director|filmmaker|helmed by|by director)\s*$")
_DIRECTOR_AFTER = re.compile(r"^\s*(?:'s? )?direct\w*\b(?! by)")
_CAST_BEFORE = re.compile(r"(?:with|starring|featuring|actor|actress|and|plus)\s*$")
_CAST_AFTER = re.compile(r"^\s*(?:in\b|stars?\b|acts?\b|acted\b|appears?\b|starred\b|"
                         r"been in\b)")  # fmt: skip
_AS_ACTOR = re.compile(r"\bas an? (?:actor|actress)\b|\bacting (?:credits|roles)\b")
_WRITER_BEFORE = re.compile(r"(?:written by|writer|screenwriter)\s*$")
_LISTING = re.compile(r"\b(?:films|movies|filmography|pictures|credits|work|what else|list|"
                      r"which (?:films|movies)|what (?:films|movies)|made|did .* make)\b")


def parse(question: str, lexicon: Lexicon) -> Query:
    text = " ".join(question.replace("’", "'").replace("“", '"').replace("”", '"').split())
    low = text.lower()
    if g.INJECTION.search(low):
        text = _without_injection(text)
        if not text or not _asks_anything(text.lower()):
            return Query(want="injection")
        low = text.lower()
    if g.THANKS.match(low):
        return Query(want="thanks")
    if not low.strip(" ?!.") or g.HELP.search(low):
        return Query(want="help")
    imdb = tuple(TitleRef(text=m) for m in _IMDB.findall(low))
    spans = [] if imdb else link(text, lexicon)
    text, spans = _the_question(text, spans)
    low = text.lower()
    live = _live(low, spans)
    if live:
        return Query(want="live", live=live)
    typed = _blank(text, spans)  # as typed: unknown names keep their case for the search
    rest = typed.lower()
    titles = imdb + tuple(TitleRef(text=s.name.text, year=s.year) for s in spans
                          if s.name.kind == "title")  # fmt: skip
    named = [s for s in spans if s.name.kind == "person"]
    people = tuple(_person(rest, s, n) for n, s in enumerate(named))
    return _unknown_names(_want(_filters(rest, titles, people), rest), rest, typed)


def _the_question(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Chatter around the question is blanked out, when the question itself names something:
    "Hey! ... quick question: who directed It Follows? Thanks, you're the best." """
    bounds = [m.span() for m in g.SENTENCE.finditer(text)]
    asked = [(a, b) for a, b in bounds if g.ASKS.search(text[a:b].lower())]
    inside = [s for s in spans if any(a <= s.start < b for a, b in asked)]
    if not inside or len(asked) == len(bounds):
        return text, spans
    kept = "".join(ch if any(a <= i < b for a, b in asked) else " " for i, ch in enumerate(text))
    return kept, inside


def _live(low: str, spans: list[Span]) -> str:
    """A live-data question, even when its words are also a title ("Coming Soon")."""
    for pattern, tool in g.LIVE:
        match = re.search(pattern, low)
        if match:
            named = [s for s in spans if not (s.start <= match.start() < s.end)]
            return tool if not named else ""
    return ""


def _without_injection(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+|\s*[;\n]\s*", text)
    return " ".join(s for s in sentences if s and not g.INJECTION.search(s.lower())).strip()


def _asks_anything(low: str) -> bool:
    return bool(re.search(r"\b(?:who|what|when|how|which|is|did|films?|movies?)\b", low))


def _blank(low: str, spans: list[Span]) -> str:
    for span in reversed(spans):
        mark = " § " if span.name.kind == "title" else " ¤ "
        low = low[: span.start] + mark + low[span.end :]
    return " ".join(low.split())


def _person(rest: str, span: Span, n: int) -> PersonRef:
    marks = [i for i, ch in enumerate(rest) if ch == "¤"]  # the nth person's mark, in order
    mark = marks[n]
    before, after = rest[max(0, mark - 30) : mark], rest[mark + 1 : mark + 30]
    role: Role = "any"
    if _DIRECTOR_BEFORE.search(before) or _DIRECTOR_AFTER.search(after):
        role = "director"
    elif _WRITER_BEFORE.search(before):
        role = "writer"
    elif _CAST_BEFORE.search(before) or _CAST_AFTER.match(after) or _AS_ACTOR.search(rest):
        role = "cast"
    return PersonRef(name=span.name.text, role=role)


def _filters(rest: str, titles: tuple[TitleRef, ...], people: tuple[PersonRef, ...]) -> Query:
    text = rest.replace("¤", " ").replace("§", " ")
    year_from, year_to = cues.period(text)
    runtime_min, runtime_max = cues.runtime(text)
    metric, ascending = cues.metric(text)
    return Query(
        want="lookup", fields=cues.fields(text), titles=titles, people=_roles(people),
        genres=cues.genres(text), year_from=year_from, year_to=year_to,
        min_rating=cues.min_rating(text), min_reviews=cues.min_reviews(text),
        runtime_min=runtime_min, runtime_max=runtime_max, certification=cues.certification(text),
        language=cues.language(text), unused=cues.topic(text),
        metric=metric, ascending=ascending, limit=cues.limit(text),
        exclude_previous=bool(g.ELSE.search(text)), previous=bool(g.PREVIOUS.search(text)),
        kind="tv" if re.search(r"\b(?:tv|shows?|series)\b", text) else "movie", words=text,
    )  # fmt: skip


def _roles(people: tuple[PersonRef, ...]) -> tuple[PersonRef, ...]:
    """With a director named, the other people are the cast ("De Niro films by Scorsese")."""
    if len(people) > 1 and any(p.role == "director" for p in people):
        return tuple(p if p.role != "any" else msgspec.structs.replace(p, role="cast")
                     for p in people)  # fmt: skip
    return people


def _want(q: Query, rest: str) -> Query:
    r = msgspec.structs.replace
    text = rest
    if re.search(r"\bwhere (?:can|could|do|to|should) (?:i |we |you )?(?:watch|stream|see)\b|"
                 r"\bstreaming on\b|\bwhich streaming\b", text) and q.titles:  # fmt: skip
        return r(q, want="where_to_watch")
    if re.search(r"\bwhat genres\b|\bwhich genres\b|\blist (?:of )?(?:the )?genres\b", text):
        return r(q, want="genre_list")
    titles = _title_refs(q, text)
    q = r(q, titles=titles, people=_person_refs(q, text))
    for pattern, tool in g.TITLE_TOOLS:
        if re.search(pattern, text) and q.titles:
            return r(q, want=tool)
    if g.SIMILAR.search(text) and q.titles:
        return r(q, want="similar", era=_era(text))
    if q.metric == "oscars" and not q.titles:
        return r(q, want="most_oscars")
    if g.COUNT.search(text) and not (q.titles and q.fields):
        return r(q, want="count")
    if len(q.titles) >= 2 or (q.titles and g.COMPARE.search(text) and _ORIGINAL.search(text)):
        return r(q, want="compare")
    if q.previous and not q.titles and q.metric:
        return r(q, want="pick")
    if q.titles and q.people and not _LISTING.search(text.replace("§", "")):
        return r(q, want="membership")
    if (q.titles and not q.titles[0].from_context) or (q.titles and not q.people):
        return r(q, want="facts", fields=q.fields or ("summary",))
    if q.people and (_LISTING.search(text) or (q.has_filters and (q.genres or q.period))
                     or q.exclude_previous or len(q.people) > 1 or q.metric):  # fmt: skip
        return r(q, want="titles")
    if q.people:
        return r(q, want="profile")
    if q.genres or q.period or q.metric or q.min_reviews:
        if q.metric == "popularity" and not (q.genres or q.period):
            return r(q, want="popular")
        return r(q, want="titles")
    return q


def _title_refs(q: Query, text: str) -> tuple[TitleRef, ...]:
    if _ORIGINAL.search(text) and q.titles and g.COMPARE.search(text):
        return (*q.titles, TitleRef(text="#original", from_context=True))
    if q.titles:
        return q.titles
    ordinal = _ORDINAL.search(text)
    if ordinal and not q.previous and not q.metric:
        word, digits = ordinal.groups()
        index = g.ORDINALS[word] if word else int(digits)
        return (TitleRef(text=f"#{index}", from_context=True),)
    if _IT.search(text) and not q.people:
        return (TitleRef(text="#it", from_context=True),)
    return ()


def _person_refs(q: Query, text: str) -> tuple[PersonRef, ...]:
    if q.people or not _HE.search(text) or q.previous:
        return q.people
    if q.titles and not re.match(r"^(?:is|was|did|does|has) (?:he|she)\b", text):
        return q.people
    role: Role = "director" if re.search(r"\bdirect", text) else "any"
    return (PersonRef(name="", role=role, from_context=True),)


def _era(text: str) -> str:
    if re.search(r"\bolder\b|\bearlier\b|\bclassic\b", text):
        return "older"
    return "newer" if re.search(r"\bnewer\b|\bmore recent\b|\blater\b|\bmodern\b", text) else ""


_MEMBER_OF = re.compile(r"^(?:is|was|does|did|has)\s+¤\s+(?:in|star in|act in|appear in|"
                        r"acting in|starring in)\s+([^¤§]+)$")  # fmt: skip
_MEMBER = re.compile(r"^(?:is|was|does|did|has)\s+(.+?)\s+(?:in|star in|act in|appear in|"
                     r"acting in|starring in)\s+§")  # fmt: skip


def _unknown_names(q: Query, text: str, typed: str) -> Query:
    """Words the lexicon did not know are still a name when the question's shape needs one:
    "Is Adria Tennor in X-Men?", "who directed Amelei?" (the search tools are typo-tolerant)."""
    r = msgspec.structs.replace
    member = _MEMBER.match(text)
    if q.titles and not q.people and member and "¤" not in member.group(1):
        name = typed[member.start(1) : member.end(1)].strip(" ?!.,")
        return r(q, want="membership", people=(PersonRef(name=name),))
    unnamed = _MEMBER_OF.match(text)
    if q.people and not q.titles and unnamed:
        title = typed[unnamed.start(1) : unnamed.end(1)].strip(" ?!.,")
        return r(q, want="membership", titles=(TitleRef(text=title),))
    words = residual(typed)
    if q.want in ("facts", "lookup") and not (q.titles or q.people) and words and q.fields:
        return r(q, want="facts", titles=(TitleRef(text=words),))
    return r(q, words=words) if not (q.titles or q.people) else q


_CLITICS = ("s", "t", "ll", "re", "ve", "d", "m")


def residual(text: str) -> str:
    """The words no rule explained: not a function or question word, not a number or a mark."""
    kept = [w for w in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+", text)
            if w.lower() not in QUESTION_WORDS and not w.isdigit() and w not in _CLITICS]
    return " ".join(kept)
