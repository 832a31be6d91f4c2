"""A recorded run by its extension: FIT, TCX, GPX, or a CSV exported here (or, by its header,
a CSV of acceleration); opened within its budget (:mod:`.files`), read, and checked."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from cadence_coach.sources.recordings import csv, fit, gpx, tcx
from cadence_coach.sources.recordings.activity import Activity, Recording, ReplayError
from cadence_coach.sources.recordings.convert import build
from cadence_coach.sources.recordings.files import names_acceleration, open_recording
from cadence_coach.sources.strides import CadenceUnit

READERS: dict[str, Callable[[io.BufferedReader, Path, bool], Recording]] = {
    ".fit": fit.read,
    ".tcx": tcx.read,
    ".gpx": gpx.read,
    ".csv": csv.read,
}


def load_activity(
    path: Path, units: CadenceUnit | None = None, *, damaged: bool = False
) -> Activity:
    """Load a recorded activity by its extension: FIT, TCX, GPX, or our CSV (or a CSV of
    acceleration). ``damaged``: read what can be read of a damaged file (said in the
    activity's notes) instead of refusing it."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ReplayError(f"{path}: replays read .fit, .tcx, .gpx and cadence-coach .csv files")
    with open_recording(path) as f:
        if suffix == ".csv" and names_acceleration(f):
            from cadence_coach.sources.recordings import accelerometer  # numpy: only then

            return accelerometer.load(f, path, units)
        return build(path, reader(f, path, damaged), units)
