"""The recorder: the habitual cadence a baseline block measures, and the summary."""

from __future__ import annotations

import statistics

import pytest

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.recorder import Summary
from cadence_coach.coaching.segments import CoachConfig, Segment
from cadence_coach.sources.simulated import RunnerModel, SimulatedRunner
from cadence_coach.speech.phrases import PhraseBook


def session(seconds: float = 60) -> CoachingChain:
    config = CoachConfig((Segment("run", seconds, 172.0, (166.8, 177.2)),))
    runner = SimulatedRunner(RunnerModel(habitual_spm=170))
    return CoachingChain(config, runner, PhraseBook(), runner)


def test_habitual_from_a_baseline_block() -> None:
    s = session(120)
    s.advance(121.0)
    rec = s.recorder
    assert rec.habitual_from(("run",)) == pytest.approx(
        statistics.median(r.cadence_spm for r in rec.rows if r.cadence_spm), abs=0.1
    )
    assert rec.habitual_from(("warm-up",)) is None  # no readings in that block
    assert rec.habitual_from(("run",), min_s=500) is None  # too short to trust
    rec.interrupted = True
    assert rec.habitual_from(("run",)) is None  # a cut-short test measures nothing


def test_a_session_without_a_target_still_has_a_mean_cadence() -> None:
    config = CoachConfig((Segment("steady", 120, 172.0, (166.8, 177.2), coached=False),))
    runner = SimulatedRunner(RunnerModel(habitual_spm=170))
    s = CoachingChain(config, runner, PhraseBook(), runner)
    s.advance(121.0)
    summary = s.recorder.summary()
    moving = [r.cadence_spm for r in s.recorder.rows if r.moving and r.cadence_spm]
    assert summary.time_in_zone_pct is None  # nothing was judged
    assert summary.cadence_mean_spm == pytest.approx(statistics.fmean(moving), abs=0.05)
    assert summary.moving_s == sum(r.moving for r in s.recorder.rows)


def test_a_summary_round_trips_through_its_json() -> None:
    s = session(120)
    s.advance(121.0)
    summary = s.recorder.summary()
    assert Summary.from_json(summary.to_json()) == summary
    assert summary.duration_s == 120
    assert summary.zone_spm == (166.8, 177.2)


def test_a_stored_summary_missing_newer_keys_reads_as_unknown() -> None:
    old = Summary.from_json({"duration_s": 60.0, "interrupted": True})
    assert old.duration_s == 60.0
    assert old.interrupted
    assert old.time_in_zone_pct is None
    assert old.cues == ()


def test_only_real_running_measures_the_habitual_cadence() -> None:
    from cadence_coach.plans.setup import measured_habitual

    s = session(120)
    s.advance(121.0)
    assert measured_habitual(s.recorder, ("run",), real=True) is not None
    assert measured_habitual(s.recorder, ("run",), real=False) is None  # the simulated runner
    assert measured_habitual(s.recorder, (), real=True) is None  # not a baseline
