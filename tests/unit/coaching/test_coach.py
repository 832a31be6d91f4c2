"""The coach state machine, table-driven on an injected clock."""

from __future__ import annotations

import pytest

from cadence_coach.coaching.actions import (
    DistanceToGo,
    EventKind,
    Mark,
    Say,
    SetMetronome,
    SetTempo,
)
from cadence_coach.coaching.coach import Coach
from cadence_coach.coaching.estimator import Estimate, SensorState
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment, SegmentKind
from cadence_coach.errors import BadValue

ZONE = (166.8, 177.2)


def config(mode: MetronomeMode = MetronomeMode.ON, **kw: object) -> CoachConfig:
    return CoachConfig((Segment("run", 3600, 172.0, ZONE, mode),), **kw)  # type: ignore[arg-type]


def est(
    t: float,
    cadence: float | None = 172.0,
    *,
    hr: float | None = None,
    sensor: SensorState = SensorState.OK,
    moving: bool = True,
) -> Estimate:
    return Estimate(t, cadence if moving else None, hr, 3.0, sensor, moving)


def run(
    coach: Coach, timeline: list[tuple[float, float, dict[str, object]]]
) -> list[tuple[float, object]]:
    """Step every 0.5 s through (until, cadence, extra) stretches; collect the actions."""
    out: list[tuple[float, object]] = []
    t = 0.0
    for until, cadence, extra in timeline:
        while t < until:
            out += [(t, a) for a in coach.step(t, est(t, cadence, **extra))]  # type: ignore[arg-type]
            t += 0.5
    return out


def says(actions: list[tuple[float, object]]) -> list[tuple[float, str]]:
    return [(t, a.key) for t, a in actions if isinstance(a, Say)]


def test_start_sets_the_tempo_and_the_metronome() -> None:
    actions = Coach(config()).step(0, est(0))
    assert SetTempo(172.0, 0) in actions
    assert SetMetronome(True, "segment") in actions
    assert Mark(EventKind.SEGMENT, "run") in actions


def test_a_steady_runner_in_the_zone_hears_nothing() -> None:
    assert says(run(Coach(config()), [(600, 171.0, {})])) == []


def test_drift_cue_after_dwell_then_backing_off_firmer_then_praise_once() -> None:
    coach = Coach(config(dwell_s=8, cooldown_s=30))
    actions = run(coach, [(60, 172, {}), (200, 158, {}), (260, 172, {})])
    assert says(actions) == [
        (68.0, "cadence_up"),
        (98.0, "cadence_up_firm"),  # 30 s on
        (158.0, "cadence_up_firm"),  # then 60 s: the beat does the work
        (205.0, "in_zone"),
    ]


def test_a_short_excursion_is_forgiven() -> None:
    assert says(run(Coach(config(dwell_s=8)), [(60, 172, {}), (67, 160, {}), (120, 172, {})])) == []


def test_too_quick_gets_the_slow_down_wording() -> None:
    assert says(run(Coach(config()), [(60, 172, {}), (80, 184, {})]))[0][1] == "cadence_down"


@pytest.mark.parametrize("praise_after", [5.0, 8.0])
def test_praise_waits_for_the_runner_to_hold_the_zone(praise_after: float) -> None:
    coach = Coach(config(dwell_s=8, praise_after_s=praise_after, grace_s=0))
    # Out from 20 s: cued after the dwell, at 28 s. Back in at 30 s, but only for 3 s (a
    # flicker, shorter than either praise delay), out again, then back for good from 40 s.
    actions = run(
        coach, [(20, 172, {}), (30, 160, {}), (33, 172, {}), (40, 160, {}), (90, 172, {})]
    )
    praise = [t for t, key in says(actions) if key == "in_zone"]
    assert says(actions)[0] == (28.0, "cadence_up")
    assert praise == [40.0 + praise_after]  # once, when the last return has held long enough


def test_standing_still_pauses_everything_and_resumes() -> None:
    coach = Coach(config(pause_metronome_after_s=4))
    actions = run(coach, [(30, 172, {}), (60, 0, {"moving": False}), (120, 150, {})])
    assert (30.0, Mark(EventKind.PAUSE)) in actions
    assert (34.0, SetMetronome(False, "standing still")) in actions
    assert (60.0, Mark(EventKind.RESUME)) in actions
    assert (60.0, SetMetronome(True, "moving again")) in actions
    # No drift cue while standing, and a grace period after setting off again.
    assert says(actions)[0][0] >= 60 + 10


def test_sensor_loss_and_return_are_each_said_once() -> None:
    coach = Coach(config())
    actions = run(
        coach,
        [
            (30, 172, {}),
            (35, 172, {"sensor": SensorState.STALE}),
            (90, 172, {"sensor": SensorState.LOST}),
            (120, 172, {}),
        ],
    )
    # said once the loss has lasted a few seconds (a shorter gap says nothing)
    assert says(actions) == [(55.0, "sensor_lost"), (90.0, "sensor_back")]


def test_faded_metronome_withdraws_when_held_and_returns_on_a_drift() -> None:
    coach = Coach(config(MetronomeMode.FADED, fade_after_s=45, dwell_s=8))
    actions = run(coach, [(100, 172, {}), (140, 160, {})])
    switches = [(t, a.on) for t, a in actions if isinstance(a, SetMetronome)]
    assert switches == [(0.0, True), (45.0, False), (108.0, True)]
    # The returning beat comes first; words only if the drift persists another dwell.
    assert says(actions) == [(116.0, "cadence_up")]


def test_heart_rate_ceiling_once_per_excursion() -> None:
    coach = Coach(config(hr_max_bpm=165, hr_dwell_s=10))
    actions = run(
        coach,
        [
            (30, 172, {"hr": 150}),
            (90, 172, {"hr": 170}),
            (100, 172, {"hr": 160}),
            (130, 172, {"hr": 171}),
        ],
    )
    assert says(actions) == [(40.0, "ease_off"), (110.0, "ease_off")]


def test_segments_ramp_announce_and_grant_grace() -> None:
    segs = (
        Segment("easy", 60, 164.0, (159.0, 169.0), MetronomeMode.OFF),
        Segment("quick", 60, 172.0, ZONE, MetronomeMode.ON, announce="run_now"),
    )
    coach = Coach(CoachConfig(segs, ramp_beats=16, grace_s=10, dwell_s=8))
    actions = run(coach, [(121, 164, {})])
    assert (60.0, SetTempo(172.0, 16)) in actions
    assert (60.0, SetMetronome(True, "segment")) in actions
    assert says(actions) == [
        (60.0, "run_now"),
        (77.5, "cadence_up"),  # grace until 70, then the dwell
        (107.5, "cadence_up_firm"),
        (120.0, "session_done"),
    ]
    assert coach.finished


@pytest.mark.parametrize("zone", [(170.0, 171.0), (173.0, 180.0)])
def test_a_target_outside_its_zone_is_refused(zone: tuple[float, float]) -> None:
    with pytest.raises(BadValue, match="outside its zone"):
        CoachConfig((Segment("run", 60, 172.0, zone),))


def test_drift_cues_can_name_the_number() -> None:
    coach = Coach(config(dwell_s=8, say_numbers=True))
    actions = run(coach, [(20, 172, {}), (40, 158, {})])
    assert [a for _, a in actions if isinstance(a, Say)] == [Say("cadence_up", 158)]


# -- segments that last a distance --------------------------------------------------------------


def distance_session(speed: float | None, feedback: bool = True) -> list[tuple[float, object]]:
    """400 m expected to take 120 s, then a walk; estimates at ``speed`` every 0.5 s."""
    segs = (
        Segment("run", 120.0, 172.0, ZONE, timeline=True, distance_m=400.0),
        Segment("walk", 60.0, 172.0, ZONE, kind=SegmentKind.WALK, coached=False, timeline=True),
    )
    coach = Coach(CoachConfig(segs, feedback=feedback))
    out: list[tuple[float, object]] = []
    t = 0.0
    while not coach.finished and t < 1000:
        e = Estimate(t, 172.0, None, speed, SensorState.OK, True)
        out += [(t, a) for a in coach.step(t, e)]
        t += 0.5
    return out


def segment_starts(actions: list[tuple[float, object]]) -> list[tuple[float, str]]:
    return [
        (t, a.detail) for t, a in actions if isinstance(a, Mark) and a.event is EventKind.SEGMENT
    ]


@pytest.mark.parametrize(
    ("speed", "walk_starts_at"),
    [
        (4.0, 100.0),  # 400 m at 4 m/s: over when the distance is covered, not at 120 s
        (2.5, 160.0),  # slower than the plan's pace: it takes longer
        (None, 120.0),  # no speed at all: the expected time
        (1.0, 240.0),  # far too slow: capped at twice the expected time
    ],
)
def test_a_distance_segment_ends_when_the_distance_is_covered(
    speed: float | None, walk_starts_at: float
) -> None:
    actions = distance_session(speed)
    assert segment_starts(actions) == [(0.0, "run"), (walk_starts_at, "walk")]
    says_at = {a.key: t for t, a in actions if isinstance(a, Say)}
    if speed == 4.0:
        assert says_at["halfway"] == 50.0  # by distance
        assert 75.0 <= says_at["plan_cue"] <= 75.5  # "One hundred metres to go"
        assert Say("plan_cue", about=DistanceToGo(100.0)) in [a for _, a in actions]
        assert "count_3" not in says_at  # no countdown into a change it cannot time
        assert Mark(EventKind.DISTANCE, "400 m in 100 s") in [a for _, a in actions]


def test_a_distance_segment_without_feedback_lasts_its_expected_time() -> None:
    # a plan rendered to a file for a phone: no sensor is listened to
    assert segment_starts(distance_session(4.0, feedback=False))[1] == (120.0, "walk")
