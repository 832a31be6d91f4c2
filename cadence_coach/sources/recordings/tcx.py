"""TCX activities (ElementTree, streamed: each trackpoint let go once read): Garmin's
``RunCadence`` extension (strides per minute) or ``Cadence``, speed from the ``Speed``
extension or from distance."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cadence_coach.sources.recordings.activity import (
    Recording,
    ReplayError,
    local_name,
    parse_float,
)
from cadence_coach.sources.recordings.checks import Records, speed_from
from cadence_coach.sources.recordings.xmlstream import Clock, read_points


def _child_text(element: Any, *names: str) -> str | None:
    """The text of the first descendant whose local name is one of ``names``."""
    for child in element.iter():
        if local_name(child.tag) in names and child.text and child.text.strip():
            return str(child.text.strip())
    return None


class _Track:
    """Trackpoints as they are read: time, cadence, speed (or distance) and heart rate."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clock = Clock(path, "trackpoint")
        self.records = Records(path)
        self.sport: str | None = None
        self.activities = 0
        self._last: tuple[float, float] | None = None
        """The time and distance of the last point that gave a distance."""

    def point(self, element: Any) -> None:
        text = _child_text(element, "Time")
        if text is None:
            return
        t = self.clock.seconds(text)
        heart = next((e for e in element if local_name(e.tag) == "HeartRateBpm"), None)
        speed = parse_float(_child_text(element, "Speed"))
        distance = parse_float(_child_text(element, "DistanceMeters"))
        if speed is None and distance is not None and self._last is not None:
            speed = speed_from(distance - self._last[1], t - self._last[0])
        if distance is not None:
            self._last = (t, distance)
        self.records.add(
            t,
            parse_float(_child_text(element, "RunCadence", "Cadence")),
            speed,
            None if heart is None else parse_float(_child_text(heart, "Value")),
        )


def _events(track: _Track, events: Iterator[tuple[str, Any]]) -> None:
    """Read the first activity's trackpoints."""
    for event, element in events:
        if event == "start" and local_name(element.tag) == "Activity":
            track.activities += 1
            if track.activities == 1:
                track.sport = element.get("Sport")
        elif event == "point" and track.activities == 1:
            track.point(element)


def read(f: IO[bytes], path: Path, damaged: bool = False) -> Recording:
    """A TCX activity: running cadence from the ActivityExtension ``RunCadence`` (strides
    per minute, as Garmin writes it) or ``Cadence``; speed from its ``Speed`` extension or
    from distance. A file cut short is refused, unless ``damaged``."""
    track = _Track(path)
    damage = read_points(
        f,
        "Trackpoint",
        functools.partial(_events, track),
        track.records.__len__,
        path=path,
        kind="TCX",
        points="trackpoints",
        damaged=damaged,
    )
    if not track.activities:
        raise ReplayError(f"{path}: no activity in this TCX file")
    if not track.records:
        raise ReplayError(f"{path}: no timed trackpoints")
    records = track.records
    return Recording(
        records.found, track.sport, track.clock.start, damage=damage, dropped=records.dropped
    )
