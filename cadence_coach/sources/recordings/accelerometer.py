"""Recorded acceleration (CSV with ``t_s,ax,ay,az``, in g or m/s²) as steps: read, checked,
and run through the step detector as a live sensor's samples would be."""

from __future__ import annotations

import csv
import io
import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cadence_coach.sources.reading import Reading
from cadence_coach.sources.recordings.activity import Activity, ReplayError
from cadence_coach.sources.recordings.files import open_recording
from cadence_coach.sources.steps.grid import Floats, SignalError, Units, recognise_units
from cadence_coach.sources.steps.track import StepTrack, analyse
from cadence_coach.sources.strides import CadenceUnit

COLUMNS = ("t_s", "ax", "ay", "az")
MIN_SECONDS = 2.0
"""Less than this is not enough for the detector's first look."""
MAX_SECONDS = 6 * 3600.0
"""The longest acceleration read: the detector takes about a second for each ten minutes."""


@dataclass(frozen=True, slots=True)
class Acceleration:
    path: Path
    t_s: Floats
    xyz_g: Floats
    units: Units
    """What the file held, recognised from gravity's magnitude."""

    @property
    def duration_s(self) -> float:
        return float(self.t_s[-1] - self.t_s[0])

    @property
    def rate_hz(self) -> float:
        """The median sample rate."""
        return float(1 / np.median(np.diff(self.t_s)))


def _header(path: Path, names: list[str]) -> list[int]:
    names = [h.strip() for h in names]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ReplayError(
            f"{path}: an acceleration CSV needs the columns {', '.join(COLUMNS)} "
            f"(missing: {', '.join(missing)})"
        )
    return [names.index(c) for c in COLUMNS]


def _value(path: Path, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ReplayError(f"{path}, line {line}: {column} {text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise ReplayError(f"{path}, line {line}: {column} is {text}, not a finite number")
    return value


def _values(path: Path, rows: Iterator[list[str]], where: list[int]) -> Floats:
    """The samples, a row at a time into a compact array (a file is never held as text)."""
    out = array("d")
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        for column, i in zip(COLUMNS, where, strict=True):
            out.append(_value(path, line, column, row[i].strip() if i < len(row) else ""))
    return np.frombuffer(out, dtype=float).reshape(-1, 4)


def _check_time(path: Path, t: Floats) -> None:
    back = np.flatnonzero(np.diff(t) < 0)
    if len(back):
        i = int(back[0]) + 1
        raise ReplayError(
            f"{path}, line {i + 2}: t_s goes back from {t[i - 1]:g} to {t[i]:g} "
            "(sample times must not decrease)"
        )
    if len(t) < 2 or t[-1] - t[0] < MIN_SECONDS:
        raise ReplayError(f"{path}: steps need at least {MIN_SECONDS:g} s of acceleration")
    if t[-1] - t[0] > MAX_SECONDS:
        raise ReplayError(
            f"{path}: {float(t[-1] - t[0]):.0f} s of acceleration; steps are found in at most "
            f"{MAX_SECONDS / 3600:g} hours"
        )


def read(path: Path) -> Acceleration:
    """The file's samples in g, checked: every column there, numbers, time never going
    back, at most :data:`MAX_SECONDS`."""
    with open_recording(path) as f:
        return _read(f, path)


def _read(f: io.BufferedReader, path: Path) -> Acceleration:
    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    try:
        rows = csv.reader(text)
        where = _header(path, next(rows, []))
        values = _values(path, rows, where)
    except (UnicodeDecodeError, csv.Error) as err:
        raise ReplayError(f"{path}: not a readable CSV file ({err})") from None
    _check_time(path, values[:, 0])
    try:
        units = recognise_units(values[:, 1:])
    except SignalError as err:
        raise ReplayError(f"{path}: {err}") from None
    return Acceleration(path, values[:, 0], values[:, 1:] / units.per_g, units)


def steps(path: Path) -> tuple[Acceleration, StepTrack]:
    """The file read and its steps detected."""
    acceleration = read(path)
    return acceleration, analyse(acceleration.t_s, acceleration.xyz_g)


def load(f: io.BufferedReader, path: Path, units: CadenceUnit | None = None) -> Activity:
    """A recorded acceleration (open as ``f``) as an activity to replay: the cadence the
    detector would have given each second, with its confidence, from the first second it
    could tell (as a live session waits for a strap's first steps)."""
    if units is not None:
        raise ReplayError(f"{path}: --units does not apply to acceleration: its steps are counted")
    acceleration = _read(f, path)
    track = analyse(acceleration.t_s, acceleration.xyz_g)
    if not track.steps:
        raise ReplayError(
            f"{path}: no steps found in its acceleration (standing still throughout?)"
        )
    known = [w for w in track.cadence if w.sure]
    start = known[0].t_s if known else float(acceleration.t_s[0])
    readings = tuple(
        Reading(t=w.t_s - start, source="steps", cadence_spm=w.spm, cadence_confidence=w.confidence)
        for w in track.cadence
        if w.t_s >= start
    )
    how = (
        f"steps detected in its acceleration ({acceleration.units.name}, about "
        f"{acceleration.rate_hz:.0f} Hz): {len(track.steps)} steps"
    )
    return Activity(str(path), readings, CadenceUnit.STEPS, how, None)
