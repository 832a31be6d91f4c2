"""A track's title, artist and length from its tags (mutagen), with the file name standing in
for a missing title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Tags:
    title: str
    artist: str
    duration_s: float | None
    """From the stream's header; ``None`` when mutagen cannot tell."""


def read_tags(path: Path) -> Tags:
    """The tags of ``path``; a file mutagen cannot read gets its name as title."""
    import mutagen

    title, artist, duration = path.stem, "", None
    try:
        found = mutagen.File(str(path), easy=True)
    except (mutagen.MutagenError, OSError, ValueError):
        found = None
    if found is not None:
        title = _first(found, "title") or title
        artist = _first(found, "artist") or ""
        length = getattr(found.info, "length", None)
        duration = float(length) if length else None
    return Tags(title, artist, duration)


def _first(found: object, key: str) -> str:
    try:
        values = found[key]  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return ""
    return str(values[0]).strip() if values else ""
