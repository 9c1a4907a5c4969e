"""The real offline catalog, shared by every test (and by `make run`) through the user cache.

Importing takes seconds, so the suite imports at most once per machine and schema version; tests
only read the file. The import writes a temporary file and renames it, so parallel imports are safe.
"""

from functools import cache
from pathlib import Path

from movie_analyst.adapters.offline_catalog.importer import import_catalog_sync, needs_import
from movie_analyst.adapters.offline_catalog.source import default_source
from movie_analyst.adapters.offline_media_catalog import default_catalog_path


def bundled_source() -> Path:
    source = default_source()
    if source is None:
        raise RuntimeError("bokeh-sampledata is not installed: make install")
    return source


@cache
def imported_catalog() -> Path:
    target = Path(default_catalog_path())
    if needs_import(target, bundled_source()):
        target.parent.mkdir(parents=True, exist_ok=True)
        import_catalog_sync(bundled_source(), target)
    return target
