"""A recorded run, whatever the file format: its readings in steps per minute.

FIT, TCX and GPX store running cadence as strides per minute in most files, but some files
already hold steps: :func:`~cadence_coach.sources.strides.recording_unit` judges which from
speed and the data (the same judgement footpods get), and it is said; ``units`` overrides.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cadence_coach.errors import CoachError
from cadence_coach.sources.reading import Reading
from cadence_coach.sources.strides import CadenceUnit, recording_unit

RUNNING_SPORTS = {"running", "run", "walking", "hiking", "training", "generic", "transition",
                  "other", "treadmill", "trail running"}  # fmt: skip


class ReplayError(CoachError, ValueError):
    """Raised for a recording that cannot be replayed; names the file and why."""


@dataclass(frozen=True, slots=True)
class Activity:
    path: str
    readings: tuple[Reading, ...]
    """Steps per minute, ``t`` in seconds from the first record."""
    units: CadenceUnit
    """What the file held."""
    how: str
    """How the units were decided, for the user."""
    sport: str | None
    started_at: datetime | None = None
    """When the first record was made (a file that says, with its time zone)."""

    @property
    def duration_s(self) -> float:
        return self.readings[-1].t + 1 if self.readings else 0.0

    @property
    def median_cadence_spm(self) -> float:
        """The runner's own rhythm in this recording: the median moving cadence."""
        moving = [r.cadence_spm for r in self.readings if r.cadence_spm and r.cadence_spm > 40]
        return round(statistics.median(moving), 1)


@dataclass(frozen=True, slots=True)
class Record:
    """One record as a file holds it: seconds from the start, the cadence as stored."""

    t: float
    cadence: float | None
    speed_mps: float | None = None
    heart_rate_bpm: float | None = None


def build(
    path: Path,
    records: list[Record],
    sport: str | None,
    units: CadenceUnit | None,
    held: tuple[CadenceUnit, str] | None = None,
    started_at: datetime | None = None,
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
    what, how = held or (unit, why)
    if units is not None:
        what, how = units, "as you said (--units)"
    factor = 2.0 if what is CadenceUnit.STRIDES else 1.0
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
    return Activity(str(path), tuple(readings), what, how, sport, started_at)


def number(value: object) -> float | None:
    """A field's value as a float, if it is a number."""
    return float(value) if isinstance(value, (int, float)) else None


def parse_float(text: str | None) -> float | None:
    """A text field as a float, or ``None`` when it is missing or not a number."""
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def local_name(tag: str) -> str:
    """An XML tag without its namespace (TCX and GPX extensions come in several)."""
    return tag.rsplit("}", 1)[-1]
