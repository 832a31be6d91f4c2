"""TCX and GPX files streamed within a memory budget: every element is let go once read,
a point (``Trackpoint``, ``trkpt``) once its reader has seen it whole; and their times read
as seconds from the first, a time without a zone taken as UTC (as both formats specify)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cadence_coach.sources.recordings.activity import ReplayError, local_name

MAX_POINT_ELEMENTS = 1000
"""A point holding more elements than this is not a track point."""


class XmlError(Exception):
    """The file stops being readable XML here (cut short, or not XML at all)."""


def stream(f: IO[bytes], point: str) -> Iterator[tuple[str, Any]]:
    """``("start", element)`` for each element opened (attributes read, children not yet),
    ``("point", element)`` for each ``point`` element read whole, ``("end", element)`` for
    each other element closed (its own text read; its children already let go)."""
    from xml.etree import ElementTree as ET

    stack: list[Any] = []
    top: int | None = None  # the depth of the point being read
    held = 0
    try:
        for event, element in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                stack.append(element)
                if top is None and local_name(element.tag) == point:
                    top = len(stack)
                if top is not None:
                    held += 1
                    if held > MAX_POINT_ELEMENTS:
                        raise XmlError(f"a {point} holding over {MAX_POINT_ELEMENTS:,} elements")
                yield "start", element
                continue
            depth = len(stack)
            stack.pop()
            if top is not None and depth > top:
                continue  # inside a point: kept until the point is read
            if depth == top:
                top, held = None, 0
                yield "point", element
            else:
                yield "end", element
            if stack:
                stack[-1].remove(element)  # let go: memory stays flat whatever the file holds
    except ET.ParseError as err:
        raise XmlError(str(err)) from None


def read_points(
    f: IO[bytes],
    point: str,
    take: Callable[[Iterator[tuple[str, Any]]], None],
    read_so_far: Callable[[], int],
    *,
    path: Path,
    kind: str,
    points: str,
    damaged: bool,
) -> str | None:
    """Stream ``f`` into ``take`` (``points``: what its points are called, to say how many
    were read). A file cut short is refused (one line naming it) unless
    ``damaged`` and some points were read: then the damage is returned, to be said."""
    try:
        take(stream(f, point))
    except XmlError as err:
        n = read_so_far()
        if not damaged or not n:
            raise ReplayError(f"{path}: not a readable {kind} file ({err})") from None
        return f"unreadable after {n:,} {points}: {err}"
    return None


class Clock:
    """Each point's time as seconds from the first point's."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self.start: datetime | None = None
        self.count = 0

    def seconds(self, text: str) -> float:
        self.count += 1
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ReplayError(
                f"{self.path}: {self.what} {self.count:,}: its time {text[:40]!r} is not a "
                "time like 2024-05-01T07:30:00Z"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if self.start is None:
            self.start = moment
        return (moment - self.start).total_seconds()
