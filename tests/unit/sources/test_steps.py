"""The step detector against real recordings with independent truth (tests/data/accelerometer):
the goals of docs/accelerometer.md, standing still, changes of gait, and the properties any
stream of samples must keep."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_coach.sources.steps.cadence import CadenceMeter, CadenceWindow
from cadence_coach.sources.steps.detector import StepDetector
from cadence_coach.sources.steps.grid import METRES_PER_S2, G, SignalError, recognise_units
from cadence_coach.sources.steps.track import analyse
from tests.support.accelerometer import TRIALS, WALKS, Recording, joined, run, walk

MIN_RATE_HZ = 25
"""The lowest rate the link asks a strap for (sensors/pmd_stream.py): the goals must hold."""


def counted(rec: Recording) -> tuple[int, int]:
    """Detected and true steps, both up to a second before the end (the detector's latency)."""
    steps = np.array(analyse(rec.t_s, rec.xyz_g).steps_t_s)
    cut = rec.t_s[-1] - 1.0
    return int((steps < cut).sum()), int((rec.truth_s < cut).sum())


def run_errors(rate_hz: int | None) -> list[float]:
    """Per trial, what the coach would see at its last second against the force plate's
    cadence: each 4.96-s trial is one window (shorter than 10 s, so harder)."""
    errors = []
    for trial in TRIALS:
        rec = run(trial) if rate_hz is None else run(trial).at_rate(rate_hz)
        last = analyse(rec.t_s, rec.xyz_g).cadence[-1]
        errors.append(abs((last.spm or 0.0) - rec.truth_spm))
    return errors


@pytest.mark.parametrize("rate_hz", [None, MIN_RATE_HZ, 50])
def test_running_cadence_within_2_spm_in_90_percent_of_windows(rate_hz: int | None) -> None:
    errors = run_errors(rate_hz)
    within = sum(e <= 2.0 for e in errors) / len(errors)
    assert within >= 0.9, sorted(np.round(errors, 1))


@pytest.mark.parametrize("name", WALKS)
@pytest.mark.parametrize("rate_hz", [None, MIN_RATE_HZ])
def test_walking_step_counts_within_3_percent(name: str, rate_hz: int | None) -> None:
    rec = walk(name) if rate_hz is None else walk(name).at_rate(rate_hz)
    found, truth = counted(rec)
    assert abs(found - truth) <= 0.03 * truth, (found, truth)


@pytest.mark.parametrize("name", [w for w in WALKS if w.startswith("Samsung")])
def test_no_steps_while_standing_still(name: str) -> None:
    """The second or so each runner stood still before walking, repeated for half a minute
    (the Samsung recordings start quietly; the Pixel ones with the phone being handled)."""
    rec = walk(name)
    quiet = rec.between(0.0, rec.truth_s[0] - 0.3)
    stand, _ = joined(*[quiet] * int(30 / quiet.t_s[-1]))
    track = analyse(stand.t_s, stand.xyz_g)
    assert track.steps == ()
    assert not [w for w in track.cadence if w.spm]  # zero, or unsure, never a cadence


@settings(max_examples=25, deadline=None)
@given(
    noise_g=st.floats(0.0, 0.01),
    sway_g=st.floats(0.0, 0.02),
    sway_hz=st.floats(0.1, 0.5),
    tilt=st.floats(0.0, np.pi),
    seed=st.integers(0, 2**16),
)
def test_no_steps_from_a_body_standing_still_however_the_sensor_sits(
    noise_g: float, sway_g: float, sway_hz: float, tilt: float, seed: int
) -> None:
    """Synthetic: gravity in any direction, sensor noise and a slow sway of the body."""
    t = np.arange(0, 20, 1 / 52)
    rng = np.random.default_rng(seed)
    g = np.array([np.sin(tilt), 0.0, np.cos(tilt)])
    xyz = g + rng.normal(0, noise_g, (len(t), 3))
    xyz[:, 0] += sway_g * np.sin(2 * np.pi * sway_hz * t)
    assert analyse(t, xyz).steps == ()


def test_walk_run_walk_switches_cleanly() -> None:
    """A walk, four treadmill runs of 190-200 spm, and a walk again, one after another: every
    confident cadence is within 5 % of the true cadence over the same six seconds (the walks'
    switches are polled at 11 Hz), but in the three seconds after a change of gait; each gait
    is caught within four seconds; and there is never a confident halving or doubling."""
    carmelo = walk("Samsung_Carmelo_Hard_Armband_1")
    parts = [carmelo.between(10, 40), run(4), run(29), run(28), run(24), carmelo.between(25, 55)]
    rec, spans = joined(*parts)
    cadence = analyse(rec.t_s, rec.xyz_g).cadence
    changes = [spans[1][0], spans[-1][0]]
    checked = 0
    for w in cadence:
        since = max(start for start, _, _ in spans if start <= w.t_s)  # truth within one part
        truth = rec.truth_spm_at(w.t_s, min(6.0, w.t_s - since))
        if w.confidence < 0.5 or truth is None or any(0 <= w.t_s - c < 3 for c in changes):
            continue
        assert abs((w.spm or 0) - truth) <= 0.05 * truth, (w, truth)
        checked += 1
    assert checked >= 0.8 * len(cadence)
    for change in changes:
        after = [w for w in cadence if change + 4 <= w.t_s < change + 5]
        truth = rec.truth_spm_at(change + 4.5, 3.0)
        assert after
        assert truth is not None
        assert abs((after[0].spm or 0) - truth) <= 0.05 * truth
    assert all(100 <= (w.spm or 0) <= 210 for w in cadence if w.confidence >= 0.5)


def test_units_are_recognised_from_gravity() -> None:
    rec = walk("Samsung_Carmelo_Hard_Armband_1")
    assert recognise_units(rec.xyz_g) is G
    assert recognise_units(rec.xyz_g * 9.80665) is METRES_PER_S2
    with pytest.raises(SignalError, match="neither"):
        recognise_units(rec.xyz_g * 100)
    with pytest.raises(SignalError, match="three axes"):
        recognise_units(rec.xyz_g[:, :2])


@settings(max_examples=15, deadline=None)
@given(cuts=st.lists(st.integers(1, 8000), min_size=1, max_size=12))
def test_chunks_do_not_change_the_steps(cuts: list[int]) -> None:
    """A live sensor sends a few samples at a time: however they are split, the steps and
    when each is known are the same as for the whole recording at once."""
    rec = walk("Samsung_Dario_Hard_NeckPouch_1").between(0, 40)
    whole = StepDetector().feed(rec.t_s, rec.xyz_g)
    detector = StepDetector()
    pieces = []
    for part_t, part_x in zip(
        np.split(rec.t_s, sorted(cuts)), np.split(rec.xyz_g, sorted(cuts)), strict=True
    ):
        pieces += detector.feed(part_t, part_x)
    # the same steps, known at the same moment; times equal but for rounding in the filter
    assert [s.known_s for s in pieces] == [s.known_s for s in whole]
    assert np.allclose([s.t_s for s in pieces], [s.t_s for s in whole], rtol=0, atol=1e-9)
    assert len(whole) > 50


def test_a_dropout_starts_again_without_inventing_steps() -> None:
    """Two seconds of samples missing in the middle of a walk: no step is placed in the gap
    and steps are found again after it."""
    rec = walk("Samsung_Carmelo_Hard_Armband_1").between(0, 40)
    keep = (rec.t_s < 20) | (rec.t_s > 22)
    steps = np.array(analyse(rec.t_s[keep], rec.xyz_g[keep]).steps_t_s)
    assert not ((steps > 20) & (steps < 22)).any()
    assert ((steps > 26) & (steps < 39)).sum() >= 20


def test_the_meter_knows_nothing_before_its_first_look_nor_from_a_lone_step() -> None:
    meter = CadenceMeter()
    detector = StepDetector()
    assert meter.at(1.0, detector.gait).spm is None  # too soon to tell
    rec = walk("Samsung_Carmelo_Hard_Armband_1")
    quiet = rec.between(0.0, 1.0)
    stand, _ = joined(quiet, quiet, quiet, quiet)
    detector.feed(stand.t_s, stand.xyz_g)
    assert meter.at(stand.t_s[-1], detector.gait) == CadenceWindow(stand.t_s[-1], 0.0, 1.0, 0)
    walking = rec.between(0, 20)
    detector = StepDetector()
    steps = detector.feed(walking.t_s, walking.xyz_g)
    meter.add(steps[:2])
    window = meter.at(steps[1].known_s, detector.gait)
    assert (window.spm, window.confidence) == (None, 0.0)
