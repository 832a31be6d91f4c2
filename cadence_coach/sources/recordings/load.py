"""A recorded run by its extension: FIT, TCX, GPX, or a CSV exported here (or, by its header,
a CSV of acceleration)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cadence_coach.sources.recordings import csv, fit, gpx, tcx
from cadence_coach.sources.recordings.activity import Activity, ReplayError
from cadence_coach.sources.strides import CadenceUnit

LOADERS: dict[str, Callable[[Path, CadenceUnit | None], Activity]] = {
    ".fit": fit.load,
    ".tcx": tcx.load,
    ".gpx": gpx.load,
    ".csv": csv.load,
}


def _csv(path: Path, units: CadenceUnit | None) -> Activity:
    """Our CSV, or acceleration when the header names its axes."""
    from cadence_coach.sources.recordings import accelerometer  # numpy and scipy: only then

    if accelerometer.is_acceleration_csv(path):
        return accelerometer.load(path, units)
    return LOADERS[".csv"](path, units)


def load_activity(path: Path, units: CadenceUnit | None = None) -> Activity:
    """Load a recorded activity by its extension: FIT, TCX, GPX, or our CSV."""
    loader = _csv if path.suffix.lower() == ".csv" else LOADERS.get(path.suffix.lower())
    if loader is None:
        raise ReplayError(f"{path}: replays read .fit, .tcx, .gpx and cadence-coach .csv files")
    return loader(path, units)
