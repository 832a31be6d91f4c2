"""Plans run by the simulated runner on the virtual clock: what is said, and when."""

from __future__ import annotations

import pytest

from cadence_coach.coaching.actions import EventKind
from cadence_coach.plans.library import find_plan
from cadence_coach.plans.setup import planned_run
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind
from tests.support.sessions import plan_settings, simulate


def test_the_drills_warmup_announces_each_drill_twice_with_its_cue() -> None:
    said = [c.text for c in simulate(plan_settings("drills-warmup")).recorder.cues]
    for drill, cue in [
        ("Pogo jumps", "Stiff ankles, quiet and quick"),
        ("Skips", "Land under the hip, push the ground back"),
        ("Butt kicks", "Pull the heel up, don't kick back"),
    ]:
        announced = [t for t in said if t.startswith(drill)]
        assert len(announced) == 2
        assert all(cue in t for t in announced)


def test_the_timeline_is_spoken_on_time() -> None:
    session = simulate(plan_settings("run-walk-1-1"))
    cues = [(c.t_s, c.id, c.text) for c in session.recorder.cues]
    starts = [t for t, key, _ in cues if key == "segment"]
    assert starts == [0.0] + [300.0 + 60 * k for k in range(16)] + [1260.0]
    assert (300.0, "segment", "Run, one minute. Interval 1 of 8. Light and quick") in cues
    assert any(t == 360.0 and text.endswith("Walk, one minute") for t, _, text in cues)
    assert (150.0, "halfway") in [(t, k) for t, k, _ in cues]  # the five-minute walk
    countdown = [(t, k) for t, k, _ in cues if k.startswith("count_")]
    assert countdown[:3] == [(297.0, "count_3"), (298.0, "count_2"), (299.0, "count_1")]


def test_no_cadence_cues_while_walking() -> None:
    lapse = (SimEvent(SimEventKind.LAPSE, 370.0, 40.0, 0.8),)  # through the first walk (360-420 s)
    session = simulate(plan_settings("run-walk-1-1", events=lapse))
    drift = [c.t_s for c in session.recorder.cues if c.id.startswith("cadence_")]
    walks = [(300.0 + 60 * k, 360.0 + 60 * k) for k in range(1, 16, 2)]
    assert not any(a <= t < b for t in drift for a, b in walks)


def test_a_running_segment_ends_with_its_summary() -> None:
    said = [
        c.text for c in simulate(plan_settings("run-walk-2-1")).recorder.cues if c.id == "segment"
    ]
    walks = [t for t in said if "Walk, one minute" in t]
    assert len(walks) == 6
    assert all(t.startswith("Average one ") and " percent. Walk, one minute" in t for t in walks)


def test_a_rendered_timeline_has_no_sensor_feedback() -> None:
    config = planned_run(find_plan("run-walk-1-1"), 164.0, feedback=False).config
    lapse = (
        SimEvent(SimEventKind.LAPSE, 300.0, 120.0, 0.85),
        SimEvent(SimEventKind.DROPOUT, 600.0, 60.0),
    )
    session = simulate(RunSettings(config, runner=RunnerModel(habitual_spm=164), events=lapse))
    ids = {c.id for c in session.recorder.cues}
    assert "segment" in ids
    assert "count_3" in ids
    assert not ids & {"cadence_up", "cadence_up_firm", "sensor_lost", "in_zone"}


def test_distance_repeats_end_where_the_simulated_runner_covers_them() -> None:
    session = simulate(plan_settings("distance-repeats", seed=3))
    events = session.recorder.events
    covered = [e.detail for e in events if e.kind is EventKind.DISTANCE]
    assert len(covered) == 12  # 6 runs and 6 walks, each ended by its distance
    for detail in covered:
        metres = float(detail.split(" m in ")[0])
        assert 0 <= metres - 400 < 5 or 0 <= metres - 200 < 5
    # so the session lasts what the runner took, not what the plan expected
    assert session.now != pytest.approx(session.config.duration_s, abs=5)
