"""TCX activities (ElementTree): Garmin's ``RunCadence`` extension (strides per minute) or
``Cadence``, speed from the ``Speed`` extension or from distance."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from cadence_coach.sources.recordings.activity import (
    Activity,
    Record,
    ReplayError,
    build,
    local_name,
    parse_float,
)
from cadence_coach.sources.strides import CadenceUnit


def _child_text(element: Any, *names: str) -> str | None:
    """The text of the first descendant whose local name is one of ``names``."""
    for child in element.iter():
        if local_name(child.tag) in names and child.text and child.text.strip():
            return str(child.text.strip())
    return None


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _fill_speed(times: list[float], distances: list[float | None]) -> list[float | None]:
    """Speed from distance covered between records, where a file gives distance only."""
    speeds: list[float | None] = [None] * len(times)
    for i in range(1, len(times)):
        d0, d1, dt = distances[i - 1], distances[i], times[i] - times[i - 1]
        if d0 is not None and d1 is not None and dt > 0:
            speeds[i] = max(0.0, d1 - d0) / dt
    return speeds


def load(path: Path, units: CadenceUnit | None = None) -> Activity:
    """A TCX activity: running cadence from the ActivityExtension ``RunCadence`` (strides
    per minute, as Garmin writes it) or ``Cadence``; speed from its ``Speed`` extension or
    from distance."""
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (ET.ParseError, OSError) as err:
        raise ReplayError(f"{path}: not a readable TCX file ({err})") from None
    activity = next((e for e in root.iter() if local_name(e.tag) == "Activity"), None)
    if activity is None:
        raise ReplayError(f"{path}: no activity in this TCX file")
    sport = activity.get("Sport")
    points = [e for e in activity.iter() if local_name(e.tag) == "Trackpoint"]
    stamped = [(p, _child_text(p, "Time")) for p in points]
    try:
        when = [(p, _when(t)) for p, t in stamped if t is not None]
    except ValueError as err:
        raise ReplayError(f"{path}: a trackpoint's time is not a time ({err})") from None
    if not when:
        raise ReplayError(f"{path}: no timed trackpoints")
    start = when[0][1]
    times = [(w - start).total_seconds() for _, w in when]
    distances = [parse_float(_child_text(p, "DistanceMeters")) for p, _ in when]
    derived = _fill_speed(times, distances)
    records = []
    for (point, _), t, fallback in zip(when, times, derived, strict=True):
        heart = next((e for e in point if local_name(e.tag) == "HeartRateBpm"), None)
        speed = parse_float(_child_text(point, "Speed"))
        records.append(
            Record(
                t=t,
                cadence=parse_float(_child_text(point, "RunCadence", "Cadence")),
                speed_mps=speed if speed is not None else fallback,
                heart_rate_bpm=parse_float(_child_text(heart, "Value"))
                if heart is not None
                else None,
            )
        )
    return build(path, records, sport, units, started_at=start)
