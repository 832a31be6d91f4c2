"""Steps or strides: the runner's setting, then the device model, then plausibility."""

from __future__ import annotations

import pytest

from cadence_coach.sources.strides import AGREE, CadenceUnit, CadenceUnits, plausible_unit


@pytest.mark.parametrize(
    ("cadence", "speed", "unit"),
    [
        (85, 3.0, CadenceUnit.STRIDES),  # 2.1 m per "step": it counts strides
        (170, 3.0, CadenceUnit.STEPS),  # 1.06 m steps
        (90, 5.5, CadenceUnit.STRIDES),  # fast, and still strides
        (180, 5.5, CadenceUnit.STEPS),
        (95, None, CadenceUnit.STRIDES),  # no speed: too slow to be running steps
        (165, None, None),  # no speed: could be either
        (110, 1.2, None),  # walking pace: the speed cannot tell
        (0, 3.0, None),
    ],
)
def test_plausible_unit(cadence: float, speed: float | None, unit: CadenceUnit | None) -> None:
    assert plausible_unit(cadence, speed) is unit


def test_the_runners_setting_wins_over_the_model_and_the_data() -> None:
    units = CadenceUnits("RunPod 1234", CadenceUnit.STEPS)
    assert units.steps_per_min(85, 3.0) == 85
    assert "your setting" in units.assumption


def test_a_known_model_is_taken_at_its_word() -> None:
    assert CadenceUnits("RunPod 1234").steps_per_min(170, 3.0) == 340  # strides, by evidence
    tickr = CadenceUnits("TICKR X 5E21")
    assert tickr.steps_per_min(86, 3.0) == 86
    assert "TICKR X" in tickr.assumption


def test_an_unknown_footpod_settles_after_agreeing_readings() -> None:
    units = CadenceUnits("Stride Sensor")
    assert not units.settled
    for _ in range(AGREE):
        assert units.steps_per_min(86, 3.0) == 172
    assert units.settled
    assert units.unit is CadenceUnit.STRIDES
    assert "plausible against the speed" in units.assumption
    # settled: a slow reading at a standstill is not re-judged
    assert units.steps_per_min(60, 0.0) == 120


def test_mixed_verdicts_do_not_settle() -> None:
    units = CadenceUnits(None)
    for i in range(3 * AGREE):
        units.steps_per_min(86 if i % 2 else 172, 3.0)
    assert not units.settled


def test_an_absurd_speed_never_votes_on_the_unit() -> None:
    from cadence_coach.sources.strides import CadenceUnits, plausible_speed

    units = CadenceUnits("Unknown Pod")
    # 86 strides a minute with a speed of 0xFFFF/256 m/s: as if no speed had been sent
    readings = [units.steps_per_min(86.0, 65535 / 256) for _ in range(6)]
    assert readings[-1] == 172.0
    assert units.unit is CadenceUnit.STRIDES
    assert plausible_speed(65535 / 256) is None
    assert plausible_speed(3.2) == 3.2
