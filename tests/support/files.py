"""The recorded runs the tests replay (tests/data, with their origin and licence)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
FENIX = DATA / "fitparse__activity-small-fenix2-run.fit"
STRYD = DATA / "fuzzylabs__stryd-backgaden-1km.fit"
