"""The UI's local preferences (model, streaming) in one small JSON file: a new tab's defaults.

The open conversation is not here: it belongs to the tab (its URL, `?chat=`), so two tabs can
hold two chats and a reload keeps its own.

Conversations themselves live only in the backend's database; this file never holds messages.
The path is `UI_SETTINGS_PATH`, by default `ui_settings.json` in the working directory
(beside the default `chat_history.db`; never inside the installed package).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

DEFAULT_PATH = Path("ui_settings.json")


@dataclass(frozen=True)
class UiSettings:
    model: str | None = None
    streaming: bool = True


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def from_env(cls) -> SettingsStore:
        return cls(Path(os.environ.get("UI_SETTINGS_PATH") or DEFAULT_PATH))

    def load(self) -> UiSettings:
        """A missing, unreadable or malformed file gives the defaults: only preferences are lost."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return UiSettings()
        if not isinstance(raw, dict):
            return UiSettings()
        known = {f.name for f in fields(UiSettings)}
        values = {k: v for k, v in raw.items() if k in known}
        if not isinstance(values.get("streaming", True), bool):
            values.pop("streaming")
        return UiSettings(**values)

    def save(self, settings: UiSettings) -> None:
        """Written to a temp file then renamed, so a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        tmp.replace(self.path)

    def update(self, **changes: object) -> UiSettings:
        current = self.load()
        updated = replace(current, **changes)  # type: ignore[arg-type]
        if updated != current:
            self.save(updated)
        return updated
