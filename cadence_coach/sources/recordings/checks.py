"""A recording's records checked before they are replayed: times finite, in order and close
together (the longest such stretch is kept, and what was left out is said), and values a
runner could give (others are not used, and counted). Pure."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
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

_SPANS = (("year", 365.25 * 86400), ("day", 86400.0), ("hour", 3600.0), ("minute", 60.0))


def span(seconds: float) -> str:
    """A length of time in the largest unit that fits: ``3 s``, ``10 days``, ``200 years``."""
    for unit, size in _SPANS:
        if seconds >= size:
            n = round(seconds / size)
            return f"{n:,} {unit}" + ("" if n == 1 else "s")
    return f"{seconds:g} s"


def breaks(times: Sequence[float]) -> list[int]:
    """The indices where a new stretch begins: the time goes back, or jumps ahead by more
    than :data:`MAX_GAP_S`."""
    return [
        i
        for i in range(1, len(times))
        if times[i] < times[i - 1] or times[i] - times[i - 1] > MAX_GAP_S
    ]


def _why(times: Sequence[float], i: int) -> str:
    step = times[i] - times[i - 1]
    if step < 0:
        return f"the time goes back {span(-step)} at record {i + 1:,}"
    return f"the time jumps {span(step)} ahead at record {i + 1:,}"


def in_time(
    path: Path, records: list[Record], started_at: datetime | None
) -> tuple[list[Record], datetime | None, tuple[str, ...]]:
    """The longest stretch of records in time order with no gap over an hour, its times
    from 0, when it began, and what was left out, in words. A recording that is mostly
    out of order, or whose stretch lasts over a day, is refused."""
    if not records:
        raise ReplayError(f"{path}: no timed records")
    times = [r.t for r in records]
    bad = next((i for i, t in enumerate(times) if not math.isfinite(t)), None)
    if bad is not None:
        raise ReplayError(f"{path}: record {bad + 1:,} has no finite time ({times[bad]})")
    cuts = breaks(times)
    edges = [0, *cuts, len(records)]
    first, end = max(itertools.pairwise(edges), key=lambda e: e[1] - e[0])
    if 2 * (end - first) < len(records):
        raise ReplayError(
            f"{path}: not one run in time order: {_why(times, cuts[0])}"
            + (f" (and at {len(cuts) - 1:,} more places)" if len(cuts) > 1 else "")
        )
    t0 = times[first]
    length = times[end - 1] - t0
    if length > MAX_REPLAY_S:
        raise ReplayError(
            f"{path}: lasts {format_duration(length)}; replays are at most "
            f"{format_duration(MAX_REPLAY_S)}"
        )
    kept = [dataclasses.replace(r, t=r.t - t0) for r in records[first:end]]
    notes: tuple[str, ...] = ()
    if cuts:
        left = len(records) - (end - first)
        where = _why(times, end if end < len(records) else first)
        more = f" (and {len(cuts) - 1:,} more breaks)" if len(cuts) > 1 else ""
        notes = (
            f"replaying the longest stretch in time order ({format_duration(length + 1)}); "
            f"{left:,} {'record' if left == 1 else 'records'} left out: {where}{more}",
        )
    return kept, _moved(started_at, t0), notes


def _moved(started_at: datetime | None, seconds: float) -> datetime | None:
    if started_at is None:
        return None
    try:
        return started_at + timedelta(seconds=seconds)
    except OverflowError:
        return None


def plausible(records: list[Record]) -> tuple[list[Record], int]:
    """The records with every value no runner gives (not a finite number, a cadence over
    :data:`MAX_CADENCE_SPM`, a speed over :data:`MAX_SPEED_MPS`, a heart rate outside
    :data:`HEART_RATE_BPM`) left out, and how many values were."""
    out, dropped = [], 0
    for r in records:
        cadence = _within(r.cadence, 0.0, MAX_CADENCE_SPM)
        speed = _within(r.speed_mps, 0.0, MAX_SPEED_MPS)
        heart = None if not r.heart_rate_bpm else _within(r.heart_rate_bpm, *HEART_RATE_BPM)
        dropped += (
            (cadence is None and r.cadence is not None)
            + (speed is None and r.speed_mps is not None)
            + (heart is None and bool(r.heart_rate_bpm))
        )
        out.append(Record(r.t, cadence, speed, heart))
    return out, dropped


def speed_from(metres: float, seconds: float) -> float | None:
    """A speed worked out from distance and time; ``None`` for one no runner reaches (a GPS
    position that jumps), which is the reader's arithmetic, not a value the file holds."""
    if seconds <= 0:
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
