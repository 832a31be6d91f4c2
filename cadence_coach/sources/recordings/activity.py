"""A recorded run, whatever the file format: its readings in steps per minute.

FIT, TCX and GPX store running cadence as strides per minute in most files, but some files
already hold steps: :func:`~cadence_coach.sources.strides.recording_unit` judges which from
speed and the data (the same judgement footpods get), and it is said; ``units`` overrides.
Each reader gives a :class:`Recording`; :mod:`~cadence_coach.sources.recordings.convert`
checks it and makes the readings.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from cadence_coach.errors import CoachError
from cadence_coach.sources.reading import Reading
from cadence_coach.sources.strides import CadenceUnit

MOVING_SPM = 40.0
"""A cadence above this is moving: the runner's own rhythm is the median of these."""


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
    notes: tuple[str, ...] = ()
    """What was left out or read past, for the user: damage, a jump in time, values no
    runner gives."""

    @property
    def duration_s(self) -> float:
        return self.readings[-1].t + 1 if self.readings else 0.0

    @property
    def median_cadence_spm(self) -> float:
        """The runner's own rhythm in this recording: the median moving cadence."""
        spm = [r.cadence_spm for r in self.readings if r.cadence_spm is not None]
        moving = [c for c in spm if c > MOVING_SPM]
        if not moving:
            raise ReplayError(f"{self.path}: no cadence above {MOVING_SPM:g} steps a minute")
        return round(statistics.median(moving), 1)


@dataclass(frozen=True, slots=True)
class Record:
    """One record as a file holds it: seconds from the start, the cadence as stored."""

    t: float
    cadence: float | None
    speed_mps: float | None = None
    heart_rate_bpm: float | None = None


@dataclass(frozen=True, slots=True)
class Recording:
    """What a reader found in a file, before it is checked."""

    records: list[Record]
    sport: str | None = None
    started_at: datetime | None = None
    """When the record at ``t = 0`` was made."""
    held: tuple[CadenceUnit, str] | None = None
    """The unit the format fixes (our CSV), and why; otherwise it is judged from the data."""
    damage: str | None = None
    """What was wrong with the file and read past (``--damaged``)."""
    dropped: int = 0
    """Values no runner gives, left out of the records."""


def number(value: object) -> float | None:
    """A field's value as a float, if it is a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf


def parse_float(text: str | None) -> float | None:
    """A text field as a float, or ``None`` when it is missing or not a number (infinities
    and NaN are kept, for the checks to count)."""
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def local_name(tag: str) -> str:
    """An XML tag without its namespace (TCX and GPX extensions come in several)."""
    return tag.rsplit("}", 1)[-1]
