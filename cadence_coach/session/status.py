"""What the live view shows, worked out from the coaching chain. Pure.

Every field is always there (``None`` when unknown), so a view's layout never changes as the
session goes: no rows that appear and disappear.
"""

from __future__ import annotations

from dataclasses import dataclass

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.segments import SegmentKind
from cadence_coach.units import format_duration, format_zone

SENSOR_NEWS_S = 10.0
"""A sensor's last event is shown this long."""


@dataclass(frozen=True, slots=True)
class Status:
    time: str
    segment: str
    """``Run, 3 of 8``."""
    left: str
    """``1:23 left`` or ``250 m to go``."""
    state: str
    """``running``, ``walking``, ``standing``, or what the sensor is doing."""
    cadence_spm: int | None
    target_spm: float | None
    """``None`` where the cadence is not coached (a walk, a drill, a baseline's blocks)."""
    zone_spm: tuple[float, float] | None
    zone: str
    """The zone as the summary writes it (``166.8-177.2``), or ``-``."""
    in_zone: bool | None
    time_in_zone_pct: int | None
    """So far, as the summary will count it."""
    heart_rate_bpm: int | None
    heart_high: bool
    """Above the runner's ceiling (``--hr-max``)."""
    pace: str | None
    """``5:24 /km``, from the speed."""
    distance_km: float | None
    speed_kmh: float | None
    incline_pct: float | None
    metronome: bool
    sensor: str


def status(chain: CoachingChain) -> Status:
    """The session at its latest second."""
    coach = chain.coach
    seg = coach.segment
    rows = chain.recorder.rows
    row = rows[-1] if rows else None
    coached = seg.coached and seg.kind is not SegmentKind.BASELINE
    so_far = chain.recorder.so_far()
    hr = None if row is None or row.heart_rate_bpm is None else round(row.heart_rate_bpm)
    ceiling = chain.config.hr_max_bpm
    metres = so_far.metres
    speed = None if row is None else row.speed_mps
    return Status(
        time=format_duration(chain.now),
        segment=_segment_name(seg.name, seg.interval),
        left=_left(chain),
        state=_state(chain),
        cadence_spm=None if row is None or row.cadence_spm is None else round(row.cadence_spm),
        target_spm=seg.target_spm if coached else None,
        zone_spm=seg.zone_spm if coached else None,
        zone=format_zone(*seg.zone_spm) if coached else "-",
        in_zone=None if row is None or not coached else row.in_zone,
        time_in_zone_pct=None if (pct := so_far.time_in_zone_pct) is None else round(pct),
        heart_rate_bpm=hr,
        heart_high=hr is not None and ceiling is not None and hr > ceiling,
        pace=_pace(speed),
        distance_km=round(metres / 1000, 2) if metres else None,
        speed_kmh=None if speed is None else round(speed * 3.6, 1),
        incline_pct=None if row is None else row.incline_pct,
        metronome=coach.metronome_on,
        sensor=_sensor(chain),
    )


def _segment_name(name: str, interval: tuple[int, int] | None) -> str:
    return name if interval is None else f"{name}, {interval[0]} of {interval[1]}"


def _left(chain: CoachingChain) -> str:
    """Time left in the segment, or the distance to go in one that lasts a distance."""
    coach = chain.coach
    seg = coach.segment
    if seg.distance_m is not None:
        done = coach.timeline.distance_m
        return f"{max(0.0, seg.distance_m - done):.0f} m to go"
    end = sum(s.duration_s for s in chain.config.segments[: coach.segment_index + 1])
    return f"{format_duration(max(0.0, end - chain.now))} left"


def _state(chain: CoachingChain) -> str:
    rows = chain.recorder.rows
    if not rows:
        return "starting"
    row = rows[-1]
    if row.sensor is SensorState.WAITING:
        return "waiting for the sensor"
    if row.sensor is SensorState.LOST:
        return "sensor lost"
    if not row.moving:
        return "standing"
    return "walking" if row.walking or chain.coach.segment.kind is SegmentKind.WALK else "running"


def _pace(speed_mps: float | None) -> str | None:
    if speed_mps is None or speed_mps < 0.5:
        return None
    return f"{format_duration(1000 / speed_mps)} /km"


def _sensor(chain: CoachingChain) -> str:
    """The estimator's word for the signal, and the last thing a sensor did, if recent."""
    rows = chain.recorder.rows
    state = rows[-1].sensor.value if rows else "-"
    for event in reversed(chain.recorder.events):
        if chain.now - event.t > SENSOR_NEWS_S:
            break
        if event.kind is EventKind.SENSOR:
            return f"{state} ({event.detail})"
    return state
