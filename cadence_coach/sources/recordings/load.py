"""A recorded run by its extension: FIT, TCX, GPX, or a CSV exported here."""

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


def load_activity(path: Path, units: CadenceUnit | None = None) -> Activity:
    """Load a recorded activity by its extension: FIT, TCX, GPX, or our CSV."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise ReplayError(f"{path}: replays read .fit, .tcx, .gpx and cadence-coach .csv files")
    return loader(path, units)
