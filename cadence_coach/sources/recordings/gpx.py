"""GPX tracks (ElementTree, streamed: each point let go once read): cadence and heart rate
from Garmin's TrackPointExtension (``cad``, ``hr``), speed from the file or from positions
(gpxpy's distance); a ``<type>`` that names another sport is refused."""

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

GPX_NOT_RUNS = ("cycl", "bik", "ride", "swim", "row", "ski")
"""Words in a GPX ``<type>`` that say it is not a run; Strava also writes ``1`` for a ride
(and ``9`` for a run)."""
VALUES = {"cad": "cadence", "cadence": "cadence", "hr": "heart", "speed": "speed",
          "ele": "ele", "time": "time"}  # fmt: skip
"""The children of a point read, whatever their namespace."""


def _position(element: Any) -> tuple[float, float] | None:
    lat, lon = parse_float(element.get("lat")), parse_float(element.get("lon"))
    return None if lat is None or lon is None else (lat, lon)


class _Track:
    """Track points as they are read: time, cadence, heart rate, speed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clock = Clock(path, "track point")
        self.records = Records(path)
        self.tracks = 0
        self.kind: str | None = None
        self._last: tuple[float, tuple[float, float], float | None] | None = None
        """The last point's time, position and elevation."""

    def point(self, element: Any) -> None:
        values: dict[str, str | None] = {}
        for e in element.iter():
            key = VALUES.get(local_name(e.tag))
            if key is not None and key not in values:
                values[key] = e.text
        if not values.get("time"):
            return
        t = self.clock.seconds(str(values["time"]))
        here, ele = _position(element), parse_float(values.get("ele"))
        speed = parse_float(values.get("speed"))
        if speed is None and here is not None and self._last is not None:
            speed = self._between(t, here, ele)
        if here is not None:
            self._last = (t, here, ele)
        self.records.add(
            t, parse_float(values.get("cadence")), speed, parse_float(values.get("heart"))
        )

    def _between(self, t: float, here: tuple[float, float], ele: float | None) -> float | None:
        """The speed from the last point with a position (gpxpy's distance, as its own
        ``speed_between``)."""
        from gpxpy.geo import distance

        assert self._last is not None
        before, there, ele_before = self._last
        try:
            metres = distance(there[0], there[1], ele_before, here[0], here[1], ele)
        except (ValueError, OverflowError):  # positions no map has
            return None
        return speed_from(float(metres), t - before)


def _events(track: _Track, events: Iterator[tuple[str, Any]]) -> None:
    inside = False
    for event, element in events:
        name = local_name(element.tag)
        if name == "trk" and event != "point":
            inside = event == "start"
            track.tracks += event == "start"
        elif event == "end" and name == "type" and inside and track.tracks == 1:
            track.kind = (element.text or "").strip().lower()
        elif event == "point" and inside:
            track.point(element)


def read(f: IO[bytes], path: Path, damaged: bool = False) -> Recording:
    """A GPX track: cadence and heart rate from the track point extensions (``cad``,
    ``hr``, as Garmin's TrackPointExtension writes them), speed from positions. A file cut
    short is refused, unless ``damaged``."""
    track = _Track(path)
    damage = read_points(
        f,
        "trkpt",
        functools.partial(_events, track),
        track.records.__len__,
        path=path,
        kind="GPX",
        points="track points",
        damaged=damaged,
    )
    if not track.tracks:
        raise ReplayError(f"{path}: no track in this GPX file")
    if not track.records:
        raise ReplayError(f"{path}: no timed track points")
    kind = track.kind or ""
    sport = kind if kind == "1" or any(word in kind for word in GPX_NOT_RUNS) else None
    records = track.records
    return Recording(
        records.found, sport, track.clock.start, damage=damage, dropped=records.dropped
    )
