"""A recording's records checked before they are replayed: times finite, in order and close
together (the longest such stretch is kept, and what was left out is said), and values a
runner could give (others are not used, and counted). Pure."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cadence_coach.sources.recordings.activity import Record, ReplayError
from cadence_coach.units import MAX_DURATION_S, format_duration

MAX_GAP_S = 3600.0
"""Records further apart than this are not one run: the recording is split there."""
MAX_REPLAY_S = float(MAX_DURATION_S)
"""The longest stretch replayed (a day), as the longest session the coach runs."""
MAX_CADENCE_SPM = 300.0
"""Faster than any runner's steps (or, read as they are stored, strides)."""
MAX_SPEED_MPS = 15.0
"""Faster than any runner: a GPS jump, or a damaged value."""
HEART_RATE_BPM = (20.0, 250.0)
MAX_RECORDS = 200_000
"""The most records a file may hold: a day at more than two a second."""
STRAY_RECORDS = 10
"""Up to this many records in a row whose times break the run, after which it carries on,
are left out as written wrong (one flipped bit); more is a break in the recording."""

_SPANS = (("year", 365.25 * 86400), ("day", 86400.0), ("hour", 3600.0), ("minute", 60.0))


def span(seconds: float) -> str:
    """A length of time in the largest unit that fits: ``3 s``, ``10 days``, ``200 years``."""
    for unit, size in _SPANS:
        if seconds >= size:
            n = round(seconds / size)
            return f"{n:,} {unit}" + ("" if n == 1 else "s")
    return f"{seconds:g} s"


def _follows(before: float, after: float) -> bool:
    return 0 <= after - before <= MAX_GAP_S


def strays(times: Sequence[float]) -> list[int]:
    """Records out of line with the run around them (a time written wrong): at most
    :data:`STRAY_RECORDS` in a row that break it, after which it carries on."""
    out: list[int] = []
    last, i = 0, 1
    while i < len(times):
        if not _follows(times[last], times[i]):
            ahead = range(i + 1, min(len(times), i + 1 + STRAY_RECORDS))
            back = next((j for j in ahead if _follows(times[last], times[j])), None)
            if back is not None:
                out += range(i, back)
                i = back
        last, i = i, i + 1
    return out


def breaks(times: Sequence[float]) -> list[int]:
    """The indices where a new stretch begins: the time goes back, or jumps ahead by more
    than :data:`MAX_GAP_S`."""
    return [i for i in range(1, len(times)) if not _follows(times[i - 1], times[i])]


def _why(times: Sequence[float], i: int, before: int) -> str:
    step = times[i] - times[before]
    if step < 0:
        return f"the time goes back {span(-step)} at record {i + 1:,}"
    return f"the time jumps {span(step)} ahead at record {i + 1:,}"


def _records(n: int) -> str:
    return f"{n:,} record" if n == 1 else f"{n:,} records"


@dataclass(frozen=True, slots=True)
class Stretch:
    """The records replayed: their indices, the time they start from, when that was."""

    indices: list[int]
    t0: float
    started_at: datetime | None
    notes: tuple[str, ...]
    """What was left out, in words."""


def in_time(path: Path, records: list[Record], started_at: datetime | None) -> Stretch:
    """The longest stretch of records in time order with no gap over an hour (records out
    of line with those around them left out), its times from 0, when it began, and what
    was left out, in words. A recording mostly out of order, or whose stretch lasts over a
    day, is refused."""
    if not records:
        raise ReplayError(f"{path}: no timed records")
    times = [r.t for r in records]
    bad = next((i for i, t in enumerate(times) if not math.isfinite(t)), None)
    if bad is not None:
        raise ReplayError(f"{path}: record {bad + 1:,} has no finite time ({times[bad]})")
    stray = strays(times)
    left_out = set(stray)
    line = [i for i in range(len(times)) if i not in left_out]
    cuts = breaks([times[i] for i in line])
    edges = [0, *cuts, len(line)]
    first, end = max(itertools.pairwise(edges), key=lambda e: e[1] - e[0])
    if 2 * (end - first) < len(records):
        where = _why(times, line[cuts[0]], line[cuts[0] - 1]) if cuts else "records out of line"
        raise ReplayError(
            f"{path}: not one run in time order: {where}"
            + (f" (and at {len(cuts) - 1:,} more places)" if len(cuts) > 1 else "")
        )
    kept = line[first:end]
    t0 = times[kept[0]]
    length = times[kept[-1]] - t0
    if length > MAX_REPLAY_S:
        raise ReplayError(
            f"{path}: lasts {format_duration(length)}; replays are at most "
            f"{format_duration(MAX_REPLAY_S)}"
        )
    notes = []
    if stray:
        notes.append(
            f"{_records(len(stray))} out of line with the run around them left out: "
            f"{_why(times, stray[0], stray[0] - 1)}"
        )
    if cuts:
        at = end if end < len(line) else first
        more = f" (and {len(cuts) - 1:,} more breaks)" if len(cuts) > 1 else ""
        notes.append(
            f"replaying the longest stretch in time order ({format_duration(length + 1)}); "
            f"{_records(len(line) - len(kept))} left out: "
            f"{_why(times, line[at], line[at - 1])}{more}"
        )
    return Stretch(kept, t0, _moved(started_at, t0), tuple(notes))


def _moved(started_at: datetime | None, seconds: float) -> datetime | None:
    if started_at is None:
        return None
    try:
        return started_at + timedelta(seconds=seconds)
    except OverflowError:
        return None


class Records:
    """Records as a reader finds them, at most :data:`MAX_RECORDS`; every value no runner
    gives (not a finite number, a cadence over :data:`MAX_CADENCE_SPM`, a speed over
    :data:`MAX_SPEED_MPS`, a heart rate outside :data:`HEART_RATE_BPM`) is left out, and
    counted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[Record] = []
        self.dropped = 0

    def __len__(self) -> int:
        return len(self.found)

    def add(
        self, t: float, cadence: float | None, speed: float | None, heart: float | None
    ) -> None:
        if len(self.found) >= MAX_RECORDS:
            raise ReplayError(
                f"{self.path}: more than {MAX_RECORDS:,} records; replays read at most that "
                "many (a day at two a second)"
            )
        kept = (
            _within(cadence, 0.0, MAX_CADENCE_SPM),
            _within(speed, 0.0, MAX_SPEED_MPS),
            _within(heart, *HEART_RATE_BPM) if heart else None,  # 0: no reading
        )
        self.dropped += (
            (cadence is not None and kept[0] is None)
            + (speed is not None and kept[1] is None)
            + (bool(heart) and kept[2] is None)
        )
        self.found.append(Record(t, *kept))


def speed_from(metres: float, seconds: float) -> float | None:
    """A speed worked out from distance and time; ``None`` for one no runner reaches (a GPS
    position that jumps), which is the reader's arithmetic, not a value the file holds."""
    if not seconds > 0 or not math.isfinite(metres):
        return None
    return _within(max(0.0, metres) / seconds, 0.0, MAX_SPEED_MPS)


def _within(value: float | None, low: float, high: float) -> float | None:
    if value is None or not math.isfinite(value) or not low <= value <= high:
        return None
    return value


def dropped_note(dropped: int) -> str | None:
    """The values left out, in words (``None``: none were)."""
    if not dropped:
        return None
    return (
        f"not used: {dropped:,} {'value' if dropped == 1 else 'values'} no runner gives (a "
        f"cadence over {MAX_CADENCE_SPM:g} a minute, a speed over {MAX_SPEED_MPS:g} m/s, a "
        f"heart rate outside {HEART_RATE_BPM[0]:g}-{HEART_RATE_BPM[1]:g})"
    )
