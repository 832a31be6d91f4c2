"""The rules that keep a runner listening, table-driven through the whole pure chain
(estimator, coach, recorder) on scripted readings: backing off, the ceiling, margins, walks,
stops, honest sensor messages, glitches, step down and up, faded feedback."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment, SegmentKind
from cadence_coach.sources.reading import Reading
from cadence_coach.speech.phrases import PhraseBook

TARGET, ZONE = 172.0, (166.8, 177.2)
DRIFT = ("cadence_up", "cadence_down")

Script = Callable[[float], tuple[float | None, float | None] | None]
"""At ``t``: ``(cadence, speed)`` as a footpod sends them, or ``None`` for no reading."""


@dataclass
class Scripted:
    script: Script

    def reading(self, t: float) -> Reading | None:
        values = self.script(t)
        if values is None:
            return None
        cadence, speed = values
        return Reading(t, "script", cadence_spm=cadence, speed_mps=speed)


def session(
    script: Script, minutes: float = 20, segments: tuple[Segment, ...] | None = None, **kw: object
) -> CoachingChain:
    segments = segments or (Segment("run", minutes * 60, TARGET, ZONE, MetronomeMode.ON),)
    config = CoachConfig(segments, **kw)  # type: ignore[arg-type]
    chain = CoachingChain(config, Scripted(script), PhraseBook())
    chain.advance(config.longest_s)
    return chain


def cues(chain: CoachingChain, *keys: str) -> list[float]:
    return [c.t_s for c in chain.recorder.cues if c.id.startswith(keys)]


def events(chain: CoachingChain, kind: EventKind) -> list[float]:
    return [e.t for e in chain.recorder.events if e.kind is kind]


def steady(cadence: float, speed: float | None = 3.0) -> Script:
    return lambda t: (cadence + (0.8 if int(t) % 3 == 0 else -0.4), speed)


def stretches(*parts: tuple[float, Script]) -> Script:
    """Each script until its end time."""

    def script(t: float) -> tuple[float | None, float | None] | None:
        for until, part in parts:
            if t < until:
                return part(t)
        return parts[-1][1](t)

    return script


def silent(t: float) -> None:
    return None


# -- cues that back off -------------------------------------------------------------------


def test_reminders_for_one_excursion_come_ever_further_apart() -> None:
    chain = session(stretches((60, steady(172)), (1300, steady(158))), minutes=22,
                    cue_budget=99, max_step_downs=0)  # fmt: skip
    times = cues(chain, *DRIFT)
    assert [round(b - a) for a, b in itertools.pairwise(times)] == [
        30,
        60,
        120,
        240,
        240,
        240,
        240,
    ]


def test_a_runner_who_never_reaches_the_target_hears_at_most_one_cue_in_three_minutes() -> None:
    minutes = 120
    chain = session(steady(158), minutes=minutes, max_step_downs=0)
    assert len(cues(chain, *DRIFT)) / minutes <= 1 / 3


def test_the_ceiling_holds_for_a_runner_who_keeps_drifting_in_and_out() -> None:
    # 15 s clearly under the zone, 25 s in it, for half an hour: a cue due every time
    oscillating = lambda t: (158.0 if t % 40 < 15 else 172.0, 3.0)  # noqa: E731
    chain = session(oscillating, minutes=30, dwell_s=5, praise_after_s=5, max_step_downs=0)
    given = cues(chain, *DRIFT)
    assert len(given) <= 3 + 30 * 60 / 240  # the budget: three at once, one back every 4 min
    assert len(given) >= 5  # but the runner is still coached


def test_a_clear_excursion_after_a_quiet_minute_is_cued_within_the_dwell() -> None:
    chain = session(stretches((60, steady(158)), (180, steady(172)), (400, steady(158))), minutes=7)
    after = [t for t in cues(chain, *DRIFT) if t >= 180]
    assert after
    assert 180 + 8 <= after[0] <= 180 + 8 + 2


# -- margins at the zone edge --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "overshoot", "cued"),
    [
        (ZONE[0] - 0.005 * TARGET, 0.0, False),  # half a percent under: resolution, not drift
        (ZONE[0] - 0.02 * TARGET, 0.0, True),  # two percent under: clearly out
        (ZONE[1] + 0.02 * TARGET, 0.0, True),  # two percent over, in a session that holds
        (ZONE[1] + 0.02 * TARGET, 3.0, False),  # ...but not in one that raises cadence
        (ZONE[1] + 0.06 * TARGET, 3.0, True),  # far over is still too quick
    ],
)
def test_a_cue_needs_the_runner_clearly_past_the_edge(
    cadence: float, overshoot: float, cued: bool
) -> None:
    chain = session(stretches((60, steady(172)), (600, steady(cadence))), minutes=10,
                    overshoot_pct=overshoot)  # fmt: skip
    assert bool(cues(chain, *DRIFT)) is cued


# -- walks and stops -------------------------------------------------------------------------


@pytest.mark.parametrize("speed", [1.4, None], ids=["with speed", "cadence only"])
def test_a_walk_break_in_a_free_run_is_acknowledged_once_and_never_coached(
    speed: float | None,
) -> None:
    walk = steady(118, speed)
    chain = session(stretches((300, steady(172)), (420, walk), (700, steady(172)), (800, walk),
                              (1200, steady(172))))  # fmt: skip
    assert cues(chain, *DRIFT) == []
    assert len(cues(chain, "walk_break")) == 1
    assert len(events(chain, EventKind.WALK)) == 2
    summary = chain.recorder.summary()
    assert summary.time_in_zone_pct is not None
    assert summary.time_in_zone_pct > 95


def test_a_walk_in_a_plan_with_walk_breaks_of_its_own_is_not_remarked() -> None:
    segments = (
        Segment("run", 300, TARGET, ZONE),
        Segment("walk", 60, TARGET, ZONE, MetronomeMode.OFF, kind=SegmentKind.WALK, coached=False),
        Segment("run", 300, TARGET, ZONE),
    )
    chain = session(stretches((120, steady(172)), (200, steady(118, 1.4)), (700, steady(172))),
                    segments=segments)  # fmt: skip
    assert cues(chain, "walk_break") == []
    assert cues(chain, *DRIFT) == []


def slowing_into_a_stop(start: float, silent_after: bool) -> Script:
    def script(t: float) -> tuple[float | None, float | None] | None:
        into = t - start
        if into < 0:
            return steady(172)(t)
        if into < 12:  # twelve seconds of slowing, longer than the dwell, under the zone
            return 172 - 2.5 * into, 3.0 * (1 - into / 13)
        if into < 60:
            return None if silent_after else (0.0, 0.0)
        return steady(172)(t)

    return script


@pytest.mark.parametrize("silent_after", [False, True], ids=["zeros", "footpod goes quiet"])
def test_slowing_into_a_stop_is_a_stop_not_a_drift(silent_after: bool) -> None:
    chain = session(slowing_into_a_stop(300, silent_after), minutes=10)
    said = [c.id for c in chain.recorder.cues]
    assert cues(chain, *DRIFT) == []
    assert "sensor_lost" not in said  # a silence after slowing to a halt is a pause
    assert len(events(chain, EventKind.PAUSE)) == 1
    assert len(events(chain, EventKind.RESUME)) == 1


def test_one_all_zero_packet_a_minute_is_no_pause() -> None:
    blips = lambda t: (0.0, 0.0) if int(t) % 60 == 30 else steady(172)(t)  # noqa: E731
    chain = session(blips, minutes=10)
    assert events(chain, EventKind.PAUSE) == []
    assert chain.recorder.summary().pauses == 0
    assert cues(chain, *DRIFT) == []


# -- honest sensor messages ----------------------------------------------------------------


def test_a_late_first_reading_is_waited_for_never_lost() -> None:
    chain = session(stretches((40, silent), (600, steady(172))), minutes=10)
    said = [(c.t_s, c.id) for c in chain.recorder.cues]
    assert "sensor_lost" not in [k for _, k in said]
    assert "sensor_back" not in [k for _, k in said]
    assert [t for t, k in said if k == "sensor_waiting"] == [10.0]


@pytest.mark.parametrize(("gap", "said"), [(20, []), (60, ["sensor_lost", "sensor_back"])])
def test_a_short_dropout_is_one_silent_event_and_a_long_one_is_said(
    gap: int, said: list[str]
) -> None:
    chain = session(
        stretches((300, steady(172)), (300 + gap, silent), (600, steady(172))), minutes=10
    )
    assert [c.id for c in chain.recorder.cues if c.id.startswith("sensor")] == said
    assert len(events(chain, EventKind.SENSOR_GAP)) == (1 if not said else 0)


# -- glitches --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "glitch",
    [
        lambda t: (86.0 + t % 2, 3.0),  # half cadence, the speed unchanged
        lambda t: (344.0 - t % 2, 3.0),  # double cadence (above 250: rejected outright)
        lambda t: (235.0, 3.0),  # a footpod's power/10 in the cadence byte
    ],
    ids=["half", "double", "spike level"],
)
@pytest.mark.parametrize("seconds", [1, 12, 19])
def test_a_glitch_is_never_coached_and_its_end_never_praised(glitch: Script, seconds: int) -> None:
    chain = session(stretches((300, steady(172)), (300 + seconds, glitch), (600, steady(172))),
                    minutes=10)  # fmt: skip
    assert [c.id for c in chain.recorder.cues] == ["session_done"]
    recorded = [r.cadence_spm for r in chain.recorder.rows if r.cadence_spm is not None]
    assert min(recorded) > 165
    assert max(recorded) < 180


def test_a_real_change_of_pace_is_believed_quickly_with_the_speed_and_slowly_without() -> None:
    for speed, within in ((1.4, 10), (None, 30)):
        chain = session(stretches((300, steady(172)), (600, steady(125, speed))), minutes=10)
        walking = [r.t for r in chain.recorder.rows if r.walking]
        assert walking
        assert walking[0] - 300 <= within


# -- a target out of reach -------------------------------------------------------------------


def test_an_unreachable_target_is_stepped_down_and_coached_to() -> None:
    chain = session(stretches((60, steady(172)), (1200, steady(161))), minutes=20)
    summary = chain.recorder.summary()
    assert [(c.from_spm, c.to_spm) for c in summary.target_changes][:1] == [(172.0, 167.7)]
    first = summary.target_changes[0].t_s
    assert 60 + 0.8 * 240 <= first <= 60 + 300  # four minutes, mostly under the zone
    assert cues(chain, "step_down")[0] == first
    assert len(summary.target_changes) == 2  # still under: once more, and no further
    assert chain.recorder.rows[-1].target_spm < TARGET  # the record shows the target coached
    assert summary.stepped_down


def test_no_step_down_to_the_runner_own_cadence() -> None:
    chain = session(stretches((60, steady(172)), (1200, steady(161))), minutes=20, habitual_spm=166)
    assert chain.recorder.summary().target_changes == ()


def test_a_lower_target_held_is_raised_again_once() -> None:
    script = stretches((60, steady(172)), (420, steady(161)), (800, steady(169)),
                       (1200, steady(161)), (2400, steady(169)))  # fmt: skip
    chain = session(script, minutes=40)
    changes = [(c.from_spm, c.to_spm) for c in chain.recorder.summary().target_changes]
    assert changes[:3] == [(172.0, 167.7), (167.7, 172.0), (172.0, 167.7)]
    assert len(cues(chain, "step_up")) == 1  # a rise that did not hold is not offered again


# -- feedback that fades, and the retention check ------------------------------------------


def test_on_your_own_the_coach_only_listens_and_measures() -> None:
    segments = (
        Segment("with the beat", 300, TARGET, ZONE),
        Segment("on your own", 240, TARGET, ZONE, listen=True),
    )
    chain = session(stretches((300, steady(172)), (600, steady(158))), segments=segments)
    said = [(c.t_s, c.id) for c in chain.recorder.cues]
    assert (300.0, "on_your_own") in said
    assert cues(chain, *DRIFT) == []  # far under the zone, and not a word
    beat = [r.metronome for r in chain.recorder.rows if r.segment == "on your own"]
    assert not any(beat)
    unaided = chain.recorder.summary().unaided
    assert unaided is not None
    assert unaided.seconds >= 200
    assert unaided.time_in_zone_pct is not None
    assert unaided.time_in_zone_pct < 5
    assert unaided.cadence_mean_spm == pytest.approx(158, abs=1)


def test_a_recall_cue_opens_the_first_run() -> None:
    chain = session(steady(172), minutes=5, recall=True)
    assert [c.id for c in chain.recorder.cues][:1] == ["recall"]
    assert "one seventy two" in chain.recorder.cues[0].text
    assert len(cues(chain, "recall")) == 1


def test_time_in_zone_is_judged_on_the_steadier_estimate() -> None:
    # readings alternate either side of the zone, as a noisy footpod's do around 172
    noisy = lambda t: (163.0 if int(t) % 2 else 181.0, 3.0)  # noqa: E731
    chain = session(noisy, minutes=10)
    summary = chain.recorder.summary()
    assert summary.time_in_zone_pct is not None
    assert summary.time_in_zone_pct > 95
    assert cues(chain, *DRIFT) == []


def test_a_session_walked_through_sums_up_the_walking_cadence() -> None:
    chain = session(steady(118, 1.4), minutes=10)
    summary = chain.recorder.summary()
    assert summary.cadence_mean_spm == pytest.approx(118, abs=1)
    assert summary.time_in_zone_pct is None  # a walk is never judged against a running zone


def test_a_summary_is_honest_about_time_without_readings() -> None:
    from cadence_coach.history.report.figures import readings_gap

    chain = session(stretches((60, steady(172)), (280, silent), (300, steady(172))), minutes=5)
    summary = chain.recorder.summary()
    assert summary.time_in_zone_pct == 100  # of the seconds it could judge...
    assert summary.no_readings_s == pytest.approx(220, abs=5)  # ...which were few
    assert readings_gap(summary) is not None
    assert "no readings for 3:36 of 5:00" in (readings_gap(summary) or "")
    assert readings_gap(session(steady(172), minutes=5).recorder.summary()) is None
