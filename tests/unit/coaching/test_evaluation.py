"""The coaching evaluation (bench/coaching.py, docs/coaching.md): its figures are right, and
the goals hold on the real recordings and on every runner profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.evaluation import (
    Figures,
    Moment,
    evaluate,
    truth_from_readings,
    truth_from_runner,
)
from cadence_coach.coaching.recorder import Recorder, Row
from cadence_coach.coaching.segments import MetronomeMode
from cadence_coach.plans.setup import free_run, replayed_run
from cadence_coach.sources.recordings.load import load_activity
from cadence_coach.sources.recordings.replay import ReplaySource
from cadence_coach.sources.runners import PROFILES
from cadence_coach.sources.simulated import SimulatedRunner
from cadence_coach.speech.phrases import PhraseBook
from tests.support.files import FENIX, STRYD


def row(t: int) -> Row:
    return Row(t, "run", 172.0, (166.8, 177.2), 172.0, None, 3.0, True, SensorState.OK, True)


def test_the_figures_count_excursions_repeats_and_cues_out_of_place() -> None:
    truth = [Moment(t, "run", 172.0) for t in range(600)]
    for t in range(100, 200):  # one excursion, 100 s long
        truth[t] = Moment(t, "run", 158.0)
    for t in range(300, 360):  # a walk
        truth[t] = Moment(t, "walk", 118.0)
    recorder = Recorder(rows=[row(t) for t in range(600)])
    for t, key in ((110, "cadence_up"), (140, "cadence_up_firm"), (180, "cadence_up_firm"),
                   (320, "cadence_up"), (400, "in_zone")):  # fmt: skip
        recorder.cue(t, key, key)
    f = evaluate(recorder, truth)
    assert f.drift_cues == 4
    assert f.moving_min == pytest.approx(9.0)
    assert f.repeats_per_excursion == 2  # three cues for the one excursion: two repeats
    assert f.first_cue_s == 10
    assert f.cues_walking_or_stopped == 1  # the cue at 320 s, mid-walk
    assert f.true_in_zone_pct == pytest.approx(100 * 440 / 540, abs=0.1)


def test_the_truth_of_a_recording_reads_gaps_and_walks() -> None:
    activity = load_activity(STRYD)
    truth = truth_from_readings(activity.readings, activity.duration_s)
    states = {m.state for m in truth}
    assert "run" in states
    assert len(truth) == int(activity.duration_s)


def replay(path: Path, boost: str | None) -> Figures:
    activity = load_activity(path)
    median = activity.median_cadence_spm
    setup = replayed_run(path.name, activity.duration_s, median if boost is None else None,
                         boost, median, None)  # fmt: skip
    chain = CoachingChain(setup.config, ReplaySource(activity), PhraseBook())
    chain.advance(setup.config.longest_s)
    return evaluate(chain.recorder, truth_from_readings(activity.readings, activity.duration_s))


@pytest.mark.parametrize("path", [FENIX, STRYD], ids=["fenix", "stryd"])
@pytest.mark.parametrize("boost", [None, "5%", "10%"], ids=["own", "+5%", "+10%"])
def test_no_drift_cue_falls_in_a_walk_or_a_stop_of_a_real_run(
    path: Path, boost: str | None
) -> None:
    assert replay(path, boost).cues_walking_or_stopped == 0


@pytest.mark.parametrize("boost", ["5%", "10%"])
def test_a_long_real_run_that_never_reaches_the_target_hears_about_one_cue_in_three_minutes(
    boost: str,
) -> None:
    f = replay(FENIX, boost)  # 47 minutes: a recording cannot hear the cues
    assert f.drift_cues > 0
    assert f.cues_per_min <= 1 / 3 + 0.02


def profile_run(name: str, minutes: float, seed: int) -> Figures:
    profile = PROFILES[name]
    habitual = profile.model.habitual_spm
    setup = free_run(None, "5%", habitual, None, minutes * 60, MetronomeMode.ON)
    runner = SimulatedRunner(profile.runner(habitual), profile.events(minutes * 60, seed), seed,
                             keep_truth=True)  # fmt: skip
    chain = CoachingChain(setup.config, runner, PhraseBook(seed), runner)
    chain.advance(setup.config.longest_s)
    return evaluate(chain.recorder, truth_from_runner(runner.truth))


@pytest.mark.parametrize("name", list(PROFILES))
@pytest.mark.parametrize("seed", [1, 2])
def test_no_runner_profile_hears_a_drift_cue_while_walking_or_stopped(name: str, seed: int) -> None:
    assert profile_run(name, 45, seed).cues_walking_or_stopped == 0


@pytest.mark.parametrize("name", ["never", "tiring", "partial"])
def test_a_runner_who_cannot_follow_is_not_nagged_over_a_long_session(name: str) -> None:
    f = profile_run(name, 120, 1)
    assert f.cues_per_min <= 1 / 3


@pytest.mark.parametrize("name", ["quick", "steady"])
def test_a_runner_who_follows_the_beat_is_seldom_cued(name: str) -> None:
    f = profile_run(name, 45, 1)
    assert f.cues_per_min <= 0.15
    assert f.true_in_zone_pct is not None
    assert f.true_in_zone_pct > 90


def test_the_simulated_runner_keeps_its_truth_only_when_asked() -> None:
    runner = SimulatedRunner()
    runner.reading(0.0)
    assert runner.truth == []
    keeping = SimulatedRunner(keep_truth=True)
    keeping.reading(0.0)
    assert truth_from_runner(keeping.truth)[0].state == "run"
