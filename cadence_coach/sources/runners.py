"""Runner profiles for the simulated runner: who runs when no sensor does. Pure, seeded.

Each profile is a :class:`~cadence_coach.sources.simulated.RunnerModel` and the events a
run brings that runner, drawn from a seed. They span what real runs show: a warm-up rise,
fatigue, cadence following pace and hills, walk breaks and stops, values sent as whole or
even numbers, a footpod's glitches, and runners who follow the beat quickly, slowly,
partly or not at all. ``beginner`` is the default: a plausible runner new to the beat.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass

from cadence_coach.errors import BadValue
from cadence_coach.sources.simulated import (
    TYPICAL_HABITUAL_SPM,
    RunnerModel,
    SimEvent,
    SimEventKind,
    typical_events,
)

Events = Callable[[float, int], tuple[SimEvent, ...]]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    about: str
    model: RunnerModel
    events: Events

    def runner(self, habitual_spm: float) -> RunnerModel:
        """The model for a runner whose habitual cadence is ``habitual_spm``."""
        return dataclasses.replace(self.model, habitual_spm=habitual_spm)


def _spread(duration_s: float, seed: int, every: tuple[float, float]) -> list[float]:
    """Start times spread through a run, one every ``every`` seconds (a range)."""
    rng = random.Random(seed)
    times, t = [], rng.uniform(*every)
    while t < duration_s - 60:
        times.append(t)
        t += rng.uniform(*every)
    return times


def beginner_events(duration_s: float, seed: int) -> tuple[SimEvent, ...]:
    """What a beginner's run brings: lapses, stops and dropouts as any run, and a walk
    break every eight to fifteen minutes."""
    rng = random.Random(seed ^ 0xBE61)
    walks = [
        SimEvent(SimEventKind.WALK, t, rng.uniform(45, 90))
        for t in _spread(duration_s, seed ^ 0x3A1C, (480, 900))
    ]
    return tuple(sorted((*typical_events(duration_s, seed), *walks), key=lambda e: e.start_s))


def glitch_events(duration_s: float, seed: int) -> tuple[SimEvent, ...]:
    """A footpod that misbehaves: half cadence for a while, a held value, a single spike,
    on top of a beginner's run."""
    rng = random.Random(seed ^ 0x61C7)
    glitches = []
    for t in _spread(duration_s, seed ^ 0x7E57, (150, 300)):
        kind = rng.choice((SimEventKind.HALF, SimEventKind.HOLD, SimEventKind.SPIKE))
        if kind is SimEventKind.HALF:
            glitches.append(SimEvent(kind, t, rng.uniform(8, 25)))
        elif kind is SimEventKind.HOLD:
            glitches.append(SimEvent(kind, t, rng.uniform(5, 15)))
        else:
            glitches.append(SimEvent(kind, t, 1.0, rng.choice((1.4, 1.8, 0.6))))
    base = beginner_events(duration_s, seed)
    return tuple(sorted((*base, *glitches), key=lambda e: e.start_s))


def terrain_events(duration_s: float, seed: int) -> tuple[SimEvent, ...]:
    """A rolling route: pace pick-ups and hills, up and down."""
    rng = random.Random(seed ^ 0x4111)
    events = []
    for t in _spread(duration_s, seed ^ 0x9ACE, (120, 240)):
        if rng.random() < 0.5:
            events.append(
                SimEvent(SimEventKind.PACE, t, rng.uniform(40, 120), rng.uniform(0.85, 1.2))
            )
        else:
            events.append(SimEvent(SimEventKind.HILL, t, rng.uniform(40, 120), rng.uniform(-6, 8)))
    return tuple(sorted((*typical_events(duration_s, seed), *events), key=lambda e: e.start_s))


BEGINNER = RunnerModel(
    habitual_spm=TYPICAL_HABITUAL_SPM,
    adherence=0.75,
    entrain_tau_s=15.0,
    heed=0.7,
    reaction_s=4.0,
    noise_spm=1.5,
    fatigue_spm_per_h=10.0,
    warmup_s=300.0,
    warmup_drop_spm=6.0,
    quantum_spm=1.0,
    slowing_s=4.0,
)

PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "beginner",
            "new to the beat: a warm-up rise, some fatigue, walk breaks, follows most cues",
            BEGINNER,
            beginner_events,
        ),
        Profile(
            "steady",
            "an even runner who follows the beat closely, with the odd lapse and stop",
            RunnerModel(),
            typical_events,
        ),
        Profile(
            "quick",
            "picks up the beat within seconds and heeds every cue",
            dataclasses.replace(
                BEGINNER, adherence=0.95, entrain_tau_s=5.0, heed=0.95, reaction_s=2.0
            ),
            typical_events,
        ),
        Profile(
            "slow",
            "takes a minute to settle onto the beat, heeds some cues late",
            dataclasses.replace(
                BEGINNER, adherence=0.85, entrain_tau_s=45.0, heed=0.6, reaction_s=8.0
            ),
            beginner_events,
        ),
        Profile(
            "partial",
            "moves only part of the way toward the beat",
            dataclasses.replace(BEGINNER, adherence=0.4, heed=0.4),
            beginner_events,
        ),
        Profile(
            "never",
            "keeps to their own cadence whatever the beat or the cues",
            dataclasses.replace(BEGINNER, adherence=0.0, heed=0.0, learning=0.0),
            beginner_events,
        ),
        Profile(
            "tiring",
            "fades as the run goes on: the cadence sags and the beat holds it only in part",
            dataclasses.replace(BEGINNER, adherence=0.6, fatigue_spm_per_h=60.0),
            beginner_events,
        ),
        Profile(
            "glitchy",
            "a beginner with a footpod that reads half cadence, holds values and spikes",
            dataclasses.replace(BEGINNER, quantum_spm=2.0),
            glitch_events,
        ),
        Profile(
            "hills",
            "a rolling route: the cadence follows pace changes and hills",
            dataclasses.replace(BEGINNER, warmup_s=0.0),
            terrain_events,
        ),
        Profile(
            "silent-stops",
            "a beginner whose footpod stops sending while they stand",
            dataclasses.replace(BEGINNER, silent_when_still=True),
            beginner_events,
        ),
    )
}
DEFAULT_PROFILE = "beginner"


def find_profile(name: str) -> Profile:
    """The profile called ``name``; :class:`BadValue` naming the others when there is none."""
    try:
        return PROFILES[name]
    except KeyError:
        raise BadValue(f"no runner profile {name!r}; profiles: {', '.join(PROFILES)}") from None
