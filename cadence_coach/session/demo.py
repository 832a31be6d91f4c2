"""The demo: three minutes of simulated running in which every part of the coach is heard."""

from __future__ import annotations

from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.coaching.targets import resolve_zone
from cadence_coach.plans.setup import Setup
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import (
    TYPICAL_HABITUAL_SPM,
    RunnerModel,
    SimEvent,
    SimEventKind,
)

DEMO_HABITUAL = TYPICAL_HABITUAL_SPM
DEMO_TARGET = 172.0  # +5 % over habitual, rounded: the usual first step


def demo_settings() -> RunSettings:
    """An easy minute at the runner's own rhythm (announced, with the beat at that rhythm,
    so there is sound from the first second), then a segment at +5 %: the beat quickens;
    a lapse of attention, a stop at a crossing and a sensor dropout."""
    segments = (
        Segment(
            "Easy, at your own rhythm",
            60.0,
            DEMO_HABITUAL,
            resolve_zone(None, DEMO_HABITUAL),
            MetronomeMode.ON,
            timeline=True,
        ),
        Segment(
            "quicker",
            120.0,
            DEMO_TARGET,
            resolve_zone(None, DEMO_TARGET),
            MetronomeMode.ON,
            announce="run_now",
        ),
    )
    events = (
        SimEvent(SimEventKind.LAPSE, 90.0, 35.0, 0.93),
        SimEvent(SimEventKind.STOP, 126.0, 10.0),
        SimEvent(SimEventKind.DROPOUT, 138.0, 36.0),  # long enough to be worth saying
    )
    return RunSettings(
        CoachConfig(segments),
        sound="wood",
        runner=RunnerModel(habitual_spm=DEMO_HABITUAL, lapse_tau_s=2.0),
        events=events,
        seed=0,  # a runner who heeds the cue, so the demo ends the lapse with praise
    )


def demo_setup() -> Setup:
    """The demo as the history stores it."""
    settings = demo_settings()
    return Setup("demo", settings.config, settings.runner.habitual_spm)
