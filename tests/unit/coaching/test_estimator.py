"""The estimator: impossible readings rejected, cadence smoothed, standing and loss told apart."""

from __future__ import annotations

import pytest

from cadence_coach.coaching.estimator import Estimator, SensorState
from cadence_coach.sources.reading import Reading


def feed(est: Estimator, values: list[tuple[float, float | None, float | None]]) -> None:
    for t, cadence, speed in values:
        est.update(Reading(t, "test", cadence_spm=cadence, speed_mps=speed))


def test_smoothed_cadence_is_a_recent_median() -> None:
    est = Estimator()
    feed(est, [(0, 170, 3.0), (1, 172, 3.0), (2, 171, 3.0), (3, 169, 3.0), (4, 250, 3.0)])
    assert est.estimate(4).cadence_spm == 171  # 172, 171, 169: the spike rejected, t=0 aged out
    assert est.estimate(4).sensor is SensorState.OK
    assert est.estimate(4).moving
    assert est.estimate(7).cadence_spm is None  # nothing left in the window


@pytest.mark.parametrize(
    ("cadence", "speed"),
    [
        (260.0, 3.0),  # above what a runner can do
        (-5.0, 3.0),
        (0.0, 3.0),  # zero while the speed says running
        (30.0, 2.5),
    ],
)
def test_impossible_readings_are_rejected_and_counted(cadence: float, speed: float) -> None:
    est = Estimator()
    feed(est, [(0, 170, 3.0), (1, 171, 3.0), (2, cadence, speed)])
    assert est.rejected == 1
    assert est.estimate(2).cadence_spm == pytest.approx(170.5)
    assert est.estimate(2).moving


def test_a_spike_is_rejected_but_a_real_change_of_pace_is_followed() -> None:
    est = Estimator()
    feed(est, [(t, 170, 3.0) for t in range(4)])
    feed(est, [(4, 230, 3.0)])  # a footpod's power/10 in the cadence byte, once
    assert est.rejected == 1
    assert est.estimate(4).cadence_spm == 170
    feed(est, [(5, 120, 1.8), (6, 121, 1.8), (7, 119, 1.8)])  # the runner really slowed
    assert est.estimate(7).cadence_spm == pytest.approx(120, abs=1)


def test_standing_still_is_not_a_drift() -> None:
    est = Estimator()
    feed(est, [(0, 170, 3.0), (1, 171, 3.0), (2, 0, 0.0), (3, 0, 0.0)])
    e = est.estimate(3)
    assert not e.moving
    assert e.cadence_spm is None
    assert e.sensor is SensorState.OK
    feed(est, [(4, 168, 2.9)])
    assert est.estimate(4).moving
    assert est.estimate(4).cadence_spm == 168


def test_stale_then_lost_then_back() -> None:
    est = Estimator()
    feed(est, [(0, 170, 3.0), (1, 170, 3.0)])
    assert est.estimate(4).sensor is SensorState.OK
    assert est.estimate(6).sensor is SensorState.STALE
    assert est.estimate(6).cadence_spm is None
    assert est.estimate(12).sensor is SensorState.LOST
    assert est.estimate(12).moving  # a lost sensor says nothing about standing
    feed(est, [(13, 171, 3.0)])
    assert est.estimate(13).sensor is SensorState.OK
    assert est.estimate(0.0 + 13).cadence_spm == 171


def test_no_reading_yet_is_waiting_never_lost() -> None:
    est = Estimator()
    assert est.estimate(0).sensor is SensorState.WAITING
    assert est.estimate(60).sensor is SensorState.WAITING  # a late first reading is no loss
    feed(est, [(61, 170, 3.0)])
    assert est.estimate(61).sensor is SensorState.OK
