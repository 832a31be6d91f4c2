"""A session set up from what the runner asks for: the segments and coach settings, the
habitual cadence the simulated runner stands in with, and which segments measure the
baseline. The domain's defaults live here, not in the command line. Pure but for reading
plan files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cadence_coach.coaching.recorder import Recorder
from cadence_coach.coaching.segments import (
    GRACE_S,
    CoachConfig,
    MetronomeMode,
    Segment,
    SegmentKind,
)
from cadence_coach.coaching.targets import (
    DEFAULT_BOOST,
    parse_boost,
    resolve_target,
    resolve_zone,
)
from cadence_coach.plans.library import find_plan
from cadence_coach.plans.model import Plan
from cadence_coach.sources.simulated import TYPICAL_HABITUAL_SPM

FREE_RUN = "free run"
"""The name a session without a plan is stored under."""
FREE_RUN_DURATION = "20m"
FREE_RUN_GRACE_S = 10.0
SIMULATED_HABITUAL_SPM = TYPICAL_HABITUAL_SPM
"""The simulated runner's own cadence when a plan is run without a habitual cadence."""
BASELINE_PLAN = "baseline"


@dataclass(frozen=True, slots=True)
class Setup:
    """What a session is, before it is wired to a source and an output."""

    name: str
    """Stored as the session's plan: ``free run``, or the plan's name."""
    config: CoachConfig
    runner_habitual_spm: float
    """The habitual cadence the simulated runner is given, when it stands in."""
    baseline_segments: tuple[str, ...] = ()
    """Segments whose median cadence becomes the runner's habitual cadence."""

    @property
    def duration_s(self) -> float:
        return self.config.duration_s


@dataclass(frozen=True, slots=True)
class Coaching:
    """How the coach speaks and guards, whatever the session."""

    hr_max_bpm: float | None = None
    say_numbers: bool = False
    recall: bool = False
    """Open the first run with a recall cue of the cadence learned (the runner has trained
    at it before)."""


OVERSHOOT_PCT = 3.0
"""In a session that raises cadence, this much above the zone is not scolded."""


def coach_config(
    segments: tuple[Segment, ...],
    habitual: float | None,
    coaching: Coaching,
    *,
    grace_s: float = GRACE_S,
    feedback: bool = True,
) -> CoachConfig:
    """The coach's settings for ``segments``: the runner's own (habitual cadence, heart-rate
    ceiling, numbers, recall) and, when the targets are above the habitual cadence, the
    leeway a session that raises cadence gives above its zone."""
    raising = habitual is not None and any(s.coached and s.target_spm > habitual for s in segments)
    return CoachConfig(
        segments,
        hr_max_bpm=coaching.hr_max_bpm,
        say_numbers=coaching.say_numbers,
        recall=coaching.recall,
        habitual_spm=habitual,
        overshoot_pct=OVERSHOOT_PCT if raising else 0.0,
        grace_s=grace_s,
        feedback=feedback,
    )


def wants_stored_habitual(plan: Plan | None, target: float | None, habitual: float | None) -> bool:
    """Whether the habitual cadence the last baseline measured is needed: a plan that sets
    targets from it, or a free run without a target, when the runner gave none."""
    if habitual is not None:
        return False
    return plan.needs_habitual if plan is not None else target is None


def replay_habitual(
    target: float | None, habitual: float | None, stored: float | None, recorded: float
) -> tuple[float | None, bool]:
    """The habitual cadence a replay's boost starts from: the runner's, else the stored
    baseline's, else the recording's own median (``True``: that one was taken)."""
    if habitual is not None or target is not None:
        return habitual, False
    if stored is not None:
        return stored, False
    return recorded, True


def free_run(
    target: float | None,
    boost: str | None,
    habitual: float | None,
    zone: str | None,
    duration_s: float,
    metronome: MetronomeMode,
    coaching: Coaching = Coaching(),
) -> Setup:
    """One segment at ``--target``, or ``--boost`` over the habitual cadence."""
    goal = resolve_target(target, boost, habitual)
    band = resolve_zone(zone, goal)
    segment = Segment("run", duration_s, goal, band, metronome)
    config = coach_config((segment,), habitual, coaching, grace_s=FREE_RUN_GRACE_S)
    runner = habitual if habitual is not None else round(goal / (1 + DEFAULT_BOOST), 1)
    return Setup(FREE_RUN, config, runner)


def plan_boost(boost: str) -> str:
    """``--boost`` for a plan's running segments, checked and written as a plan writes it."""
    return f"{parse_boost(boost) * 100:g}%"


def planned_run(
    plan: Plan,
    habitual: float | None,
    *,
    boost: str | None = None,
    start_at_s: float = 0.0,
    coaching: Coaching = Coaching(),
    feedback: bool = True,
) -> Setup:
    """A plan's segments for this runner, from ``start_at_s``, with ``boost`` (as
    :func:`plan_boost` writes it) for running segments without a target of their own; its
    baseline blocks measure the habitual cadence. ``feedback=False``: the timeline alone,
    for a file to carry."""
    segments = plan.segments(habitual, start_at_s=start_at_s, boost=boost)
    config = coach_config(segments, habitual, coaching, grace_s=plan.grace_s, feedback=feedback)
    runner = habitual if habitual is not None else SIMULATED_HABITUAL_SPM
    steady = tuple(seg.name for seg in segments if seg.kind is SegmentKind.BASELINE)
    return Setup(plan.name, config, runner, steady)


def baseline_run(runner_habitual_spm: float) -> Setup:
    """The baseline test: its steady block measures the habitual cadence."""
    setup = planned_run(find_plan(BASELINE_PLAN), None)
    return dataclasses.replace(setup, runner_habitual_spm=runner_habitual_spm)


def replayed_run(
    name: str,
    duration_s: float,
    target: float | None,
    boost: str | None,
    habitual: float | None,
    zone: str | None,
) -> Setup:
    """A recording coached as one segment at the target, for as long as it lasts."""
    goal = resolve_target(target, boost, habitual)
    segment = Segment("run", duration_s, goal, resolve_zone(zone, goal))
    config = coach_config((segment,), habitual, Coaching())
    return Setup(name, config, goal if habitual is None else habitual)


def measured_habitual(
    recorder: Recorder, baseline_segments: tuple[str, ...], real: bool
) -> float | None:
    """The habitual cadence a baseline measured: only from real running (the simulated
    runner's cadence says nothing about the runner's own), and only from a finished block."""
    if not baseline_segments or not real:
        return None
    return recorder.habitual_from(baseline_segments)
