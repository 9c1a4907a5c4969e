"""Text rules shared by the importer and the queries: folding, name lists, FTS query strings."""

import re
import unicodedata

# The source joins names with ", " although some names contain one ("Ed Begley, Jr.").
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation turned to spaces: "Amélie!" -> "amelie"."""
    if text.isascii():
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


def split_names(field: str | None) -> list[str]:
    """ "Bill Paxton, Ed Begley, Jr., Tom Woodruff Jr." -> three names, suffixes re-attached."""
    names: list[str] = []
    for part in (field or "").split(", "):
        part = part.strip()
        if not part:
            continue
        if part in _SUFFIXES and names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return list(dict.fromkeys(names))


def split_list(field: str | None) -> list[str]:
    return [p.strip() for p in (field or "").split(",") if p.strip()]


def prefix_query(text: str) -> str | None:
    """An FTS5 query matching every word, the last one as a prefix: "blade run" ->
    '"blade" "run"*'. None when the text has no words."""
    words = fold(text).split()
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= 3:  # a one- or two-letter prefix would match half the catalog
        quoted[-1] += "*"
    return " ".join(quoted)


def trigrams(folded: str) -> list[str]:
    """The distinct trigrams of folded text that hold no space (spaces make weak evidence)."""
    grams = {folded[i : i + 3] for i in range(len(folded) - 2)}
    return sorted(g for g in grams if " " not in g and '"' not in g)
