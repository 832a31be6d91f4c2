"""GPX tracks (gpxpy): cadence and heart rate from Garmin's TrackPointExtension (``cad``,
``hr``), speed from positions; a ``<type>`` that names another sport is refused."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.sources.recordings.activity import (
    Activity,
    Record,
    ReplayError,
    build,
    local_name,
    parse_float,
)
from cadence_coach.sources.strides import CadenceUnit

GPX_NOT_RUNS = ("cycl", "bik", "ride", "swim", "row", "ski")
"""Words in a GPX ``<type>`` that say it is not a run; Strava also writes ``1`` for a ride
(and ``9`` for a run)."""


def load(path: Path, units: CadenceUnit | None = None) -> Activity:
    """A GPX track (read with gpxpy): cadence and heart rate from the track point extensions
    (``cad``, ``hr``, as Garmin's TrackPointExtension writes them), speed from positions."""
    import gpxpy
    import gpxpy.gpx

    try:
        with path.open(encoding="utf-8") as f:
            gpx = gpxpy.parse(f)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (gpxpy.gpx.GPXException, OSError, ValueError) as err:
        raise ReplayError(f"{path}: not a readable GPX file ({err})") from None
    if not gpx.tracks:
        raise ReplayError(f"{path}: no track in this GPX file")
    kind = (gpx.tracks[0].type or "").strip().lower()
    sport = kind if kind == "1" or any(word in kind for word in GPX_NOT_RUNS) else None
    points = [p for track in gpx.tracks for seg in track.segments for p in seg.points if p.time]
    if not points:
        raise ReplayError(f"{path}: no timed track points")
    start = points[0].time
    assert start is not None
    records = []
    previous = None
    for point in points:
        assert point.time is not None
        speed = point.speed
        if speed is None and previous is not None:
            speed = point.speed_between(previous)
        previous = point
        values: dict[str, float | None] = {"cad": None, "cadence": None, "hr": None}
        for extension in point.extensions:
            for e in extension.iter():
                if local_name(e.tag) in values:
                    values[local_name(e.tag)] = parse_float(e.text)
        records.append(
            Record(
                t=(point.time - start).total_seconds(),
                cadence=values["cad"] if values["cad"] is not None else values["cadence"],
                speed_mps=speed,
                heart_rate_bpm=values["hr"],
            )
        )
    return build(path, records, sport, units, started_at=start)
