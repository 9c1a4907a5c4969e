"""PostgreSQL text cannot hold U+0000, which the port must round-trip: a reversible escape.

A private-use character marks an escape: ESC ESC is ESC itself and ESC "0" is NUL. Text
without either character (nearly all of it) is stored verbatim, so it stays readable and
searchable in the database.
"""

ESC = "\ue000"


def store_text(text: str) -> str:
    if "\x00" not in text and ESC not in text:
        return text
    return text.replace(ESC, ESC + ESC).replace("\x00", ESC + "0")


def load_text(text: str) -> str:
    if ESC not in text:
        return text
    out: list[str] = []
    pieces = iter(text)
    for char in pieces:
        if char != ESC:
            out.append(char)
            continue
        following = next(pieces, "")
        out.append("\x00" if following == "0" else following)
    return "".join(out)


def store_optional(text: str | None) -> str | None:
    return None if text is None else store_text(text)


def load_optional(text: str | None) -> str | None:
    return None if text is None else load_text(text)
