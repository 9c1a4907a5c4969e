"""Full-text search on PostgreSQL: `tsvector` columns with GIN indexes, filled from Python.

Words are cut and folded here, not by a PostgreSQL text-search configuration, so both engines
agree on what a word is: letters and digits (no underscore), case-folded, diacritics removed,
like SQLite's FTS5 `unicode61 remove_diacritics 2`. The lexemes go in with
`array_to_tsvector`, and a query is every word as a prefix term (`'word':*`) joined by `&`:
no user text is ever parsed as tsquery syntax.
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
MAX_LEXEME = 256  # tsvector lexemes are capped at 2 KiB; a prefix this long is as good
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 100


def words(text: str) -> list[str]:
    """The distinct search words of `text`, in first-seen order."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    seen = dict.fromkeys(word.casefold()[:MAX_LEXEME] for word in WORD.findall(bare))
    return list(seen)


def ts_query(query: str) -> str | None:
    """A tsquery text; None when the query has no words."""
    terms = [f"'{word}':*" for word in words(query)]
    return " & ".join(terms) if terms else None


def snippet(text: str, query: str) -> str:
    """The text around the first word that matches a query word, with … where cut."""
    wanted = words(query)
    for match in WORD.finditer(text):
        folded = words(match.group())
        if folded and any(folded[0].startswith(w) for w in wanted):
            start = max(0, match.start() - SNIPPET_BEFORE)
            end = min(len(text), match.end() + SNIPPET_AFTER)
            return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return text[: SNIPPET_BEFORE + SNIPPET_AFTER]
