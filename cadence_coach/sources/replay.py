"""Replay: a recorded activity (FIT) as a source, as if the runner had worn it.

Cadence leaves here in steps per minute. FIT stores running cadence as strides per minute
(``cadence`` plus ``fractional_cadence``), but some files already hold steps: which one a
file holds is judged from the data (a runner's moving cadence is 140-220 steps or 70-110
strides a minute) and from speed where present (step length must come out between 0.4 and
2.2 m), and said; ``units`` overrides.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass
from pathlib import Path

from cadence_coach.errors import CoachError
from cadence_coach.sources import Reading

RUNNING_SPORTS = {"running", "walking", "hiking", "training", "generic", "transition", None}


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


def _decide_units(cadences: list[float], speeds: list[float]) -> tuple[str, str]:
    moving = [c for c in cadences if c > 20]
    if not moving:
        raise ValueError("no moving cadence")
    median = statistics.median(moving)
    if speeds:
        # Step length = speed / (steps per second); only one reading of the unit gives a
        # human step.
        pairs = [(c, s) for c, s in zip(cadences, speeds, strict=True) if c > 20 and s > 1.0]
        if pairs:
            step_if_strides = statistics.median(s * 60 / (2 * c) for c, s in pairs)
            step_if_steps = statistics.median(s * 60 / c for c, s in pairs)
            strides_ok = 0.4 <= step_if_strides <= 2.2
            steps_ok = 0.4 <= step_if_steps <= 2.2
            if strides_ok != steps_ok:
                which = "strides" if strides_ok else "steps"
                length = step_if_strides if strides_ok else step_if_steps
                return which, f"from speed: a {length:.2f} m step"
    which = "strides" if median < 120 else "steps"
    return which, f"from the data: a median of {median:.0f} per minute"


def load_fit(path: Path, units: str | None = None) -> Activity:
    """Read a FIT activity's records (fitdecode) as steps-per-minute readings."""
    import fitdecode

    records: list[dict[str, object]] = []
    sport: str | None = None
    try:
        with fitdecode.FitReader(str(path)) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "record":
                    records.append({f.name: f.value for f in frame.fields})
                elif frame.name in ("sport", "session") and sport is None:
                    value = frame.get_value("sport", fallback=None)
                    sport = None if value is None else str(value)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (fitdecode.FitError, OSError, ValueError, KeyError) as err:
        raise ReplayError(
            f"{path}: not a readable FIT file ({type(err).__name__}: {err})"
        ) from None
    if sport not in RUNNING_SPORTS:
        raise ReplayError(f"{path}: a {sport} activity, not a run")
    timed = [r for r in records if r.get("timestamp") is not None]
    with_cadence = [r for r in timed if isinstance(r.get("cadence"), (int, float))]
    if not with_cadence:
        raise ReplayError(f"{path}: no cadence in its records")
    start = timed[0]["timestamp"]
    raw = [
        float(r["cadence"]) + float(r.get("fractional_cadence") or 0)  # type: ignore[arg-type]
        for r in with_cadence
    ]
    speeds = [_speed(r) for r in with_cadence]
    aligned = [s or 0.0 for s in speeds] if any(s is not None for s in speeds) else []
    try:
        held, how = _decide_units(raw, aligned)
    except ValueError:
        raise ReplayError(f"{path}: its cadence is zero throughout") from None
    if units is not None:
        held, how = units, "as you said (--units)"
    factor = 2.0 if held == "strides" else 1.0
    readings = []
    for r, cadence, speed in zip(with_cadence, raw, speeds, strict=True):
        t = (r["timestamp"] - start).total_seconds()  # type: ignore[operator]
        hr = r.get("heart_rate")
        readings.append(
            Reading(
                t=float(t),
                source="replay",
                cadence_spm=cadence * factor,
                speed_mps=speed,
                heart_rate_bpm=float(hr) if isinstance(hr, (int, float)) and hr > 0 else None,
            )
        )
    readings.sort(key=lambda reading: reading.t)
    return Activity(str(path), tuple(readings), held, how, sport)


def _speed(record: dict[str, object]) -> float | None:
    for key in ("enhanced_speed", "speed"):
        value = record.get(key)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def load_activity(path: Path, units: str | None = None) -> Activity:
    """Load a recorded activity by its extension (FIT for now)."""
    if path.suffix.lower() == ".fit":
        return load_fit(path, units)
    raise ReplayError(f"{path}: only FIT recordings can be replayed so far")


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
