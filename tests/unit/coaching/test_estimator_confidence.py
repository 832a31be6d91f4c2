"""The estimator and a source that says how sure it is (an accelerometer's step detector): an
unsure window is a noisy reading, rejected and counted; a sure one is a reading like any."""

from __future__ import annotations

from cadence_coach.coaching.estimator import MIN_CONFIDENCE, Estimator, SensorState
from cadence_coach.sources.reading import Reading
from cadence_coach.sources.steps.cadence import SURE


def test_the_estimator_drops_what_the_step_detector_is_not_sure_of() -> None:
    assert MIN_CONFIDENCE == SURE


def test_an_unsure_cadence_is_rejected_like_a_noisy_reading() -> None:
    est = Estimator()
    for t in range(3):
        est.update(Reading(t, "steps", cadence_spm=172.0, cadence_confidence=0.9))
    est.update(Reading(3, "steps", cadence_spm=120.0, cadence_confidence=0.2))  # a seam
    assert est.rejected == 1
    assert est.estimate(3).cadence_spm == 172.0
    for t in range(4, 12):
        est.update(Reading(t, "steps", cadence_spm=150.0, cadence_confidence=0.3))
    # nothing it was sure of for eight seconds: stale, then lost, as a silent sensor
    assert est.estimate(8).sensor is SensorState.STALE
    assert est.estimate(14).sensor is SensorState.LOST


def test_a_sure_standing_still_from_the_accelerometer_is_a_stop() -> None:
    est = Estimator()
    est.update(Reading(0, "steps", cadence_spm=170.0, cadence_confidence=0.95))
    est.update(Reading(1, "steps", cadence_spm=0.0, cadence_confidence=1.0))
    est.update(Reading(2, "steps", cadence_spm=0.0, cadence_confidence=1.0))
    estimate = est.estimate(2)
    assert (estimate.moving, estimate.sensor, est.rejected) == (False, SensorState.OK, 0)


def test_no_confidence_means_the_source_cannot_say() -> None:
    est = Estimator()
    est.update(Reading(0, "ble", cadence_spm=170.0))
    assert (est.estimate(0).cadence_spm, est.rejected) == (170.0, 0)
