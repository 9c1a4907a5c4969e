"""Which of a run's catalog hits an answer is about, and step lines that name titles, not ids.

A search returns every hit (the sequels, the namesakes); the answer names the few it is about.
Cards and charts show those, in the order the answer mentions them; the rest stay in the steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from movie_analyst_ui.media import Title

SHORT_TITLE = 3  # "It", "Up", "M": only as a title when quoted, emphasised or followed by a year
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_ID = re.compile(r"\b(movie|tv|show) #(\d+)")


def label(title: Title) -> str:
    """How charts and lists tell two titles apart: the name and, when known, the year."""
    return f"{title.title} ({title.year})" if title.year else title.title


def unique_labels(titles: list[Title]) -> list[str]:
    """Two titles never share a bar: same name and year get their kind, then a number."""
    labels = [label(t) for t in titles]
    seen: dict[str, int] = {}
    for i, text in enumerate(labels):
        if labels.count(text) > 1:
            seen[text] = seen.get(text, 0) + 1
            labels[i] = f"{text} · {titles[i].kind or 'title'} {seen[text]}"
    return labels


def named_in(answer: str, titles: Iterable[Title]) -> list[Title]:
    """The titles `answer` names, in the order it first names them.

    Longer names are matched first and their text set aside, so "Jaws 2" is not also "Jaws".
    Of several titles with one name, those whose year the answer states (else the first hit).
    """
    text = " ".join(answer.translate(_QUOTES).split())
    by_name: dict[str, list[Title]] = {}
    for title in titles:
        name = " ".join(title.title.translate(_QUOTES).split())
        if name:
            by_name.setdefault(name, []).append(title)
    chosen: list[tuple[int, Title]] = []
    for name in sorted(by_name, key=len, reverse=True):
        position, text = _find(text, name)
        if position is not None:
            hits = _by_year(_years_after(answer, name) or text_years(answer), by_name[name])
            chosen += [(position, title) for title in hits]
    return [title for _, title in sorted(chosen, key=lambda hit: hit[0])]


def text_years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)}


def _years_after(answer: str, name: str) -> set[int]:
    """The years written right after the name ("**Psycho** (1960)"): a note naming the other
    "Psycho (1960, 1998)" does not make the 1998 film one the answer is about."""
    pattern = rf"(?<![\w]){re.escape(name)}\**\s*\((1[89]\d\d|20\d\d)\)"
    return {int(y) for y in re.findall(pattern, " ".join(answer.translate(_QUOTES).split()))}


def _find(text: str, name: str) -> tuple[int | None, str]:
    """The first place `name` stands on its own in `text`, and `text` with it blanked out."""
    escaped = re.escape(name)
    if len(name) <= SHORT_TITLE:
        pattern = rf"(?<![\w])(?:\*{{1,2}}{escaped}\*{{1,2}}|\"{escaped}\"|{escaped}(?= \(\d{{4}}))"
        flags = 0
    else:
        pattern = rf"(?<![\w]){escaped}(?![\w])"
        flags = re.IGNORECASE if " " in name else 0  # one word: "Heat", not the heat of a scene
    first: int | None = None
    for match in re.finditer(pattern, text, flags):
        first = match.start() if first is None else first
    if first is None:
        return None, text
    return first, re.sub(pattern, lambda m: "\0" * len(m.group(0)), text, flags=flags)


def _by_year(years: set[int], hits: list[Title]) -> list[Title]:
    if len(hits) == 1:
        return hits
    stated = [hit for hit in hits if hit.year in years]
    return stated or hits[:1]


def name_ids(summary: str, titles: Iterable[Title]) -> str:
    """'the details of movie #104814' -> 'the details of “Jaws” (1975)' when the id is known."""
    by_id = {str(t.id): t for t in titles if t.id is not None}

    def named(match: re.Match[str]) -> str:
        title = by_id.get(match.group(2))
        if title is None:
            return match.group(0)
        return f"“{title.title}”" + (f" ({title.year})" if title.year else "")

    return _ID.sub(named, summary)
