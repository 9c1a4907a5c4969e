"""Numbers as people read them: "$497.2M", "critics 7.6/10", "116 min", and "—" for unknown."""

from __future__ import annotations

from typing import Any

MISSING = "—"
_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def money(amount: float | None) -> str:
    if amount is None or amount != amount:  # None or NaN
        return MISSING
    for size, suffix in _SCALES:
        if abs(amount) >= size:
            return f"${amount / size:.1f}{suffix}"
    return f"${amount:,.0f}"


def rating_source(health: dict[str, Any]) -> str:
    """Whose scores the catalog serves: TMDB users' votes, or the offline table's critics."""
    components = health.get("components")
    catalog = components.get("catalog") if isinstance(components, dict) else None
    name = str(catalog.get("name") or "") if isinstance(catalog, dict) else ""
    return "TMDB users" if "tmdb" in name.lower() else "critics"


def rating(score: float | None, source: str) -> str:
    return MISSING if score is None else f"{source} {score:.1f}/10"


def minutes(runtime: int | None) -> str:
    return f"{runtime} min" if runtime else MISSING


def plain(value: object) -> str:
    return MISSING if value is None or value == "" or value != value else str(value)
