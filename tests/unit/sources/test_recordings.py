"""Recorded runs read into activities: the units judged, heart-rate gaps, files refused."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from cadence_coach.sources.recordings.activity import ReplayError
from cadence_coach.sources.recordings.load import load_activity
from cadence_coach.sources.strides import CadenceUnit, recording_unit
from tests.support.files import STRYD


def test_units_are_judged_and_can_be_overridden() -> None:
    activity = load_activity(STRYD)
    assert activity.units is CadenceUnit.STRIDES
    assert "from speed" in activity.how
    forced = load_activity(STRYD, units=CadenceUnit.STEPS)
    assert forced.units is CadenceUnit.STEPS
    a = [r.cadence_spm for r in activity.readings if r.cadence_spm]
    b = [r.cadence_spm for r in forced.readings if r.cadence_spm]
    assert statistics.fmean(a) == pytest.approx(2 * statistics.fmean(b))


def test_heart_rate_zeros_are_missing_not_zero() -> None:
    assert all(r.heart_rate_bpm is None for r in load_activity(STRYD).readings)


@pytest.mark.parametrize(
    ("cadences", "speeds", "units"),
    [
        ([82.0, 84.0, 0.0, 85.0], [3.0, 3.1, 0.0, 3.0], "strides"),
        ([168.0, 170.0, 172.0], [3.0, 3.0, 3.1], "steps"),
        ([84.0, 85.0], [None, None], "strides"),
        ([170.0, 171.0], [None, None], "steps"),
        ([120.0, 121.0], [4.5, 4.6], "strides"),  # as steps: 2.3 m, no human step
        ([85.0, 86.0, 170.0], [3.0, 3.0, 3.0], "strides"),  # no clear majority: the median
        ([150.0, 150.0], [1.2, 1.2], "steps"),  # walking speed cannot tell: the median
    ],
)
def test_recording_unit(cadences: list[float], speeds: list[float | None], units: str) -> None:
    assert recording_unit(cadences, speeds)[0].value == units


def test_an_unknown_kind_of_file_names_the_kinds_replays_read(tmp_path: Path) -> None:
    (tmp_path / "run.kml").write_text("<kml/>")
    with pytest.raises(ReplayError, match=r"replays read .fit, .tcx, .gpx and cadence-coach .csv"):
        load_activity(tmp_path / "run.kml")
