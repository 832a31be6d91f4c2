"""Whole sessions with the simulated runner, on the virtual clock, in milliseconds."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind, SimulatedRunner
from tests.support.sessions import simulate

TARGET, ZONE = 172.0, (166.8, 177.2)
DWELL, COOLDOWN = 8.0, 30.0


def settings(
    minutes: float = 20,
    mode: MetronomeMode = MetronomeMode.ON,
    events: tuple[SimEvent, ...] = (),
    step_downs: int = 2,
    **runner: Any,
) -> RunSettings:
    segment = Segment("run", minutes * 60, TARGET, ZONE, mode)
    model = RunnerModel(habitual_spm=164, **runner)
    config = CoachConfig((segment,), dwell_s=DWELL, cooldown_s=COOLDOWN, max_step_downs=step_downs)
    return RunSettings(config, runner=model, events=events)


def cue_ids(session: CoachingChain) -> list[tuple[float, str]]:
    return [(c.t_s, c.id) for c in session.recorder.cues]


def drift_cues(session: CoachingChain) -> list[float]:
    return [t for t, key in cue_ids(session) if key.startswith(("cadence_up", "cadence_down"))]


@pytest.mark.parametrize("seed", range(5))
def test_a_steady_runner_hears_no_drift_cue(seed: int) -> None:
    session = simulate(dataclasses.replace(settings(), seed=seed))
    assert drift_cues(session) == []
    assert cue_ids(session) == [(1200.0, "session_done")]
    summary = session.recorder.summary()
    assert summary.time_in_zone_pct is not None
    assert summary.time_in_zone_pct > 95


def test_a_drop_of_8_percent_is_cued_within_dwell_plus_2s_then_reminders_back_off() -> None:
    lapse = SimEvent(SimEventKind.LAPSE, 300.0, 400.0, 0.92)  # 8 % under the target, sudden
    session = simulate(settings(events=(lapse,), step_downs=0, lapse_tau_s=0.3, heed=0.0))
    cues = drift_cues(session)
    assert 300 + DWELL <= cues[0] <= 300 + DWELL + 2
    gaps = [b - a for a, b in itertools.pairwise(cues)]
    assert gaps[:2] == [COOLDOWN, 2 * COOLDOWN]  # ever further apart, unheeded...
    assert gaps[2] >= 4 * COOLDOWN  # ...and the cue budget may hold the next one back
    assert [k for _, k in cue_ids(session)][1] == "cadence_up_firm"  # firmer when ignored


def test_recovery_is_praised_once() -> None:
    lapse = SimEvent(SimEventKind.LAPSE, 300.0, 200.0, 0.92)
    session = simulate(settings(events=(lapse,), lapse_tau_s=0.3, heed=1.0))
    keys = [k for _, k in cue_ids(session)]
    assert keys == ["cadence_up", "in_zone", "session_done"]


def test_faded_mode_withdraws_the_beat_and_brings_it_back() -> None:
    session = simulate(settings(mode=MetronomeMode.FADED, minutes=30))
    switches = [(e.t, e.detail) for e in session.recorder.events if e.kind is EventKind.METRONOME]
    assert switches[0] == (0.0, "on")
    offs = [t for t, d in switches if d == "off"]
    ons = [t for t, d in switches[1:] if d == "on"]
    assert offs
    assert ons  # the runner drifts without the beat, and the beat returns
    gaps = [on - off for off, on in zip(offs, ons, strict=False)]
    assert gaps[-1] > gaps[0]  # the rhythm holds longer without the beat as it is learned
    assert len(drift_cues(session)) < len(ons)  # the beat, not words, does most of the work


def test_sensor_loss_and_return_are_announced_once_each() -> None:
    session = simulate(settings(events=(SimEvent(SimEventKind.DROPOUT, 400.0, 60.0),)))
    keys = [k for _, k in cue_ids(session)]
    assert keys.count("sensor_lost") == 1
    assert keys.count("sensor_back") == 1
    assert drift_cues(session) == []


def test_a_short_dropout_is_one_silent_event() -> None:
    session = simulate(settings(events=(SimEvent(SimEventKind.DROPOUT, 400.0, 25.0),)))
    assert [k for _, k in cue_ids(session)] == ["session_done"]
    kinds = [e.kind for e in session.recorder.events]
    assert kinds.count(EventKind.SENSOR_GAP) == 1
    assert EventKind.SENSOR_LOST not in kinds


def test_a_stop_is_a_pause_not_a_drift() -> None:
    session = simulate(settings(events=(SimEvent(SimEventKind.STOP, 400.0, 45.0),)))
    rec = session.recorder
    assert drift_cues(session) == []
    assert [e.kind for e in rec.events].count(EventKind.PAUSE) == 1
    switches = [(e.t, e.detail) for e in rec.events if e.kind is EventKind.METRONOME]
    assert switches[1][1] == "off"
    assert 400 < switches[1][0] <= 400 + 6
    assert switches[2][1] == "on"
    summary = rec.summary()
    assert summary.paused_s == pytest.approx(45, abs=2)
    assert summary.moving_s + summary.paused_s == 1200
    assert summary.time_in_zone_pct is not None
    assert summary.time_in_zone_pct > 95  # the pause does not count against the runner


def test_the_same_seed_gives_the_same_session() -> None:
    events = (SimEvent(SimEventKind.LAPSE, 200.0, 60.0, 0.92),)
    a = simulate(dataclasses.replace(settings(events=events), seed=3))
    b = simulate(dataclasses.replace(settings(events=events), seed=3))
    assert a.recorder == b.recorder
    c = simulate(dataclasses.replace(settings(events=events), seed=4))
    assert [r.cadence_spm for r in c.recorder.rows] != [r.cadence_spm for r in a.recorder.rows]


def test_summary_keys_for_other_tools() -> None:
    summary = simulate(settings(minutes=2)).recorder.summary().to_json()
    for key in (
        "duration_s", "target_spm", "zone_spm", "cadence_mean_spm", "cadence_median_spm",
        "time_in_zone_pct", "heart_rate_mean_bpm", "cues",
    ):  # fmt: skip
        assert key in summary
    assert summary["zone_spm"] == list(ZONE)
    assert summary["duration_s"] == 120
    assert set(summary["cues"][0]) == {"t_s", "id", "text"}


def test_the_simulated_runner_entrains_with_lag_and_imperfect_adherence() -> None:
    runner = SimulatedRunner(RunnerModel(habitual_spm=164, noise_spm=0, adherence=0.9), seed=0)
    values = []
    for t in range(120):
        runner.hear_beat(172.0, walking=False)
        values.append(runner.reading(float(t)))
    cadences = [v.cadence_spm for v in values if v is not None and v.cadence_spm is not None]
    assert cadences[0] < 166  # it takes time to settle into the beat
    assert cadences[-1] == pytest.approx(164 + 0.9 * 8, abs=0.3)  # not all the way
    assert all(b >= a for a, b in itertools.pairwise(cadences))
