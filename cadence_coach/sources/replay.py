"""Replay: a recorded activity (FIT, TCX, GPX or our CSV) as a source, as if the runner had
worn it.

Cadence leaves here in steps per minute. FIT, TCX and GPX store running cadence as strides
per minute in most files (FIT as ``cadence`` plus ``fractional_cadence``), but some files
already hold steps: :func:`cadence_coach.strides.recording_unit` judges which from speed
and the data, the same judgement footpods get, and it is said; ``units`` overrides.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cadence_coach.errors import CoachError
from cadence_coach.sources import Reading
from cadence_coach.strides import recording_unit

RUNNING_SPORTS = {"running", "run", "walking", "hiking", "training", "generic", "transition",
                  "other", "treadmill", "trail running"}  # fmt: skip


class ReplayError(CoachError, ValueError):
    """Raised for a recording that cannot be replayed; names the file and why."""


@dataclass(frozen=True, slots=True)
class Activity:
    path: str
    readings: tuple[Reading, ...]
    """Steps per minute, ``t`` in seconds from the first record."""
    units: str
    """What the file held: ``strides`` or ``steps``."""
    how: str
    """How the units were decided, for the user."""
    sport: str | None

    @property
    def duration_s(self) -> float:
        return self.readings[-1].t + 1 if self.readings else 0.0

    @property
    def median_cadence_spm(self) -> float:
        """The runner's own rhythm in this recording: the median moving cadence."""
        moving = [r.cadence_spm for r in self.readings if r.cadence_spm and r.cadence_spm > 40]
        return round(statistics.median(moving), 1)


@dataclass(frozen=True, slots=True)
class _Record:
    """One record as a file holds it: seconds from the start, the cadence as stored."""

    t: float
    cadence: float | None
    speed_mps: float | None = None
    heart_rate_bpm: float | None = None


def _activity(
    path: Path,
    records: list[_Record],
    sport: str | None,
    units: str | None,
    held: tuple[str, str] | None = None,
) -> Activity:
    """The readings of a recording, in steps per minute; ``held`` is the unit a format
    fixes (our CSV), otherwise it is judged from the data."""
    if sport is not None and sport.lower() not in RUNNING_SPORTS:
        raise ReplayError(f"{path}: a {sport} activity, not a run")
    with_cadence = [r for r in records if r.cadence is not None]
    if not with_cadence:
        raise ReplayError(f"{path}: no cadence in its records")
    raw = [float(r.cadence) for r in with_cadence if r.cadence is not None]
    try:
        unit, why = recording_unit(raw, [r.speed_mps for r in with_cadence])
    except ValueError:
        raise ReplayError(f"{path}: its cadence is zero throughout") from None
    what, how = held or (unit.value, why)
    if units is not None:
        what, how = units, "as you said (--units)"
    factor = 2.0 if what == "strides" else 1.0
    readings = [
        Reading(
            t=r.t,
            source="replay",
            cadence_spm=cadence * factor,
            speed_mps=r.speed_mps,
            heart_rate_bpm=r.heart_rate_bpm if r.heart_rate_bpm else None,
        )
        for r, cadence in zip(with_cadence, raw, strict=True)
    ]
    readings.sort(key=lambda reading: reading.t)
    return Activity(str(path), tuple(readings), what, how, sport)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def load_fit(path: Path, units: str | None = None) -> Activity:
    """A FIT activity's records (read with fitdecode)."""
    import fitdecode

    found: list[dict[str, object]] = []
    sport: str | None = None
    try:
        with fitdecode.FitReader(str(path)) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "record":
                    found.append({f.name: f.value for f in frame.fields})
                elif frame.name in ("sport", "session") and sport is None:
                    value = frame.get_value("sport", fallback=None)
                    sport = None if value is None else str(value)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (fitdecode.FitError, OSError, ValueError, KeyError) as err:
        raise ReplayError(
            f"{path}: not a readable FIT file ({type(err).__name__}: {err})"
        ) from None
    timed = [r for r in found if r.get("timestamp") is not None]
    if not timed:
        raise ReplayError(f"{path}: no timed records")
    start = timed[0]["timestamp"]
    records = []
    for r in timed:
        cadence = _number(r.get("cadence"))
        if cadence is not None:
            cadence += _number(r.get("fractional_cadence")) or 0.0
        records.append(
            _Record(
                t=float((r["timestamp"] - start).total_seconds()),  # type: ignore[operator]
                cadence=cadence,
                speed_mps=_speed(r),
                heart_rate_bpm=_number(r.get("heart_rate")),
            )
        )
    return _activity(path, records, sport, units)


def _speed(record: dict[str, object]) -> float | None:
    for key in ("enhanced_speed", "speed"):
        value = record.get(key)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Any, *names: str) -> str | None:
    """The text of the first descendant whose local name is one of ``names``."""
    for child in element.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return str(child.text.strip())
    return None


def _float(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
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


def load_tcx(path: Path, units: str | None = None) -> Activity:
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
    activity = next((e for e in root.iter() if _local(e.tag) == "Activity"), None)
    if activity is None:
        raise ReplayError(f"{path}: no activity in this TCX file")
    sport = activity.get("Sport")
    points = [e for e in activity.iter() if _local(e.tag) == "Trackpoint"]
    stamped = [(p, _child_text(p, "Time")) for p in points]
    try:
        when = [(p, _when(t)) for p, t in stamped if t is not None]
    except ValueError as err:
        raise ReplayError(f"{path}: a trackpoint's time is not a time ({err})") from None
    if not when:
        raise ReplayError(f"{path}: no timed trackpoints")
    start = when[0][1]
    times = [(w - start).total_seconds() for _, w in when]
    distances = [_float(_child_text(p, "DistanceMeters")) for p, _ in when]
    derived = _fill_speed(times, distances)
    records = []
    for (point, _), t, fallback in zip(when, times, derived, strict=True):
        heart = next((e for e in point if _local(e.tag) == "HeartRateBpm"), None)
        speed = _float(_child_text(point, "Speed"))
        records.append(
            _Record(
                t=t,
                cadence=_float(_child_text(point, "RunCadence", "Cadence")),
                speed_mps=speed if speed is not None else fallback,
                heart_rate_bpm=_float(_child_text(heart, "Value")) if heart is not None else None,
            )
        )
    return _activity(path, records, sport, units)


GPX_NOT_RUNS = ("cycl", "bik", "ride", "swim", "row", "ski")
"""Words in a GPX ``<type>`` that say it is not a run; Strava also writes ``1`` for a ride
(and ``9`` for a run)."""


def load_gpx(path: Path, units: str | None = None) -> Activity:
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
                if _local(e.tag) in values:
                    values[_local(e.tag)] = _float(e.text)
        records.append(
            _Record(
                t=(point.time - start).total_seconds(),
                cadence=values["cad"] if values["cad"] is not None else values["cadence"],
                speed_mps=speed,
                heart_rate_bpm=values["hr"],
            )
        )
    return _activity(path, records, sport, units)


def load_csv(path: Path, units: str | None = None) -> Activity:
    """A session exported by ``cadence-coach export --format csv`` (steps per minute)."""
    import csv

    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ReplayError(f"{path}: not a readable CSV file ({err})") from None
    if not rows or "t_s" not in rows[0] or "cadence_spm" not in rows[0]:
        raise ReplayError(f"{path}: not a cadence-coach CSV (needs t_s and cadence_spm columns)")
    records = []
    for n, row in enumerate(rows, start=2):
        t = _float(row.get("t_s"))
        if t is None:
            raise ReplayError(f"{path}, line {n}: t_s {row.get('t_s')!r} is not a number")
        records.append(
            _Record(
                t=t,
                cadence=_float(row.get("cadence_spm") or None),
                speed_mps=_float(row.get("speed_mps") or None),
                heart_rate_bpm=_float(row.get("heart_rate_bpm") or None),
            )
        )
    return _activity(path, records, None, units, ("steps", "a cadence-coach CSV holds steps"))


LOADERS = {".fit": load_fit, ".tcx": load_tcx, ".gpx": load_gpx, ".csv": load_csv}


def load_activity(path: Path, units: str | None = None) -> Activity:
    """Load a recorded activity by its extension: FIT, TCX, GPX, or our CSV."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise ReplayError(f"{path}: replays read .fit, .tcx, .gpx and cadence-coach .csv files")
    return loader(path, units)


class ReplaySource:
    """A recording as a source: at ``t``, the latest record no older than ``max_age_s``
    (recordings are irregular; a gap reads as a dropout)."""

    def __init__(self, activity: Activity, max_age_s: float = 2.0) -> None:
        self._readings = activity.readings
        self._times = [r.t for r in activity.readings]
        self._max_age_s = max_age_s

    def reading(self, t: float, beat_bpm: float | None, kind: str = "run") -> Reading | None:
        i = bisect.bisect_right(self._times, t) - 1
        if i < 0 or t - self._times[i] > self._max_age_s:
            return None
        r = self._readings[i]
        return Reading(t, r.source, r.cadence_spm, r.speed_mps, r.heart_rate_bpm)

    def on_cue(self, t: float, key: str) -> None:
        """A recording does not hear the coach."""
