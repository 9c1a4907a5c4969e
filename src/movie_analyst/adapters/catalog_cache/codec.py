"""Catalog answers <-> bytes. msgpack of the domain Structs, decoded by the method's type.

`Page.items` mixes `MediaItem` and `PersonSummary`, an untagged union msgspec cannot decode in
one pass, so those rows are decoded one by one (`kind` is present only on media items).
"""

from typing import Any

import msgspec

from movie_analyst.domain import media as m

_MIXED = "mixed"
_PAGE = "page"
_TYPES: dict[str, Any] = {
    "details": m.MediaDetails | None,
    "person": m.PersonDetails | None,
    "find_by_external_id": _MIXED,
    "watch_providers": m.WatchProviders | None,
    "tv_season": m.Season | None,
    "next_episode": m.Episode | None,
    "schedule": list[m.Episode],
    "release_dates": list[m.ReleaseInfo],
    "videos": list[m.Video],
    "collection": m.Collection | None,
    "reviews": list[m.Review],
    "genres": list[m.Genre],
}
_encoder = msgspec.msgpack.Encoder()
_decoders = {method: msgspec.msgpack.Decoder(kind) for method, kind in _TYPES.items()
             if kind is not _MIXED}  # fmt: skip


class _RawPage(msgspec.Struct):
    items: list[dict[str, Any]]
    page: int = 1
    total_pages: int = 1
    total_results: int = 0


_raw_page = msgspec.msgpack.Decoder(_RawPage)
_raw_rows = msgspec.msgpack.Decoder(list[dict[str, Any]])


def encode(value: object) -> bytes:
    return _encoder.encode(value)


def decode(method: str, data: bytes) -> Any:
    """Raises `msgspec.DecodeError`/`ValidationError` for bytes written by an older schema."""
    kind = _TYPES.get(method, _PAGE)
    if kind == _PAGE:
        raw = _raw_page.decode(data)
        return m.Page(
            items=[_row(r) for r in raw.items],
            page=raw.page,
            total_pages=raw.total_pages,
            total_results=raw.total_results,
        )
    if kind == _MIXED:
        return [_row(r) for r in _raw_rows.decode(data)]
    return _decoders[method].decode(data)


def _row(raw: dict[str, Any]) -> m.MediaItem | m.PersonSummary:
    if "kind" in raw:
        return msgspec.convert(raw, m.MediaItem)
    return msgspec.convert(raw, m.PersonSummary)
