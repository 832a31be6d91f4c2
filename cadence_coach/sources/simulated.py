"""The simulated runner: the default source, so everything runs with no sensor. Pure, seeded.

A model, not a script. The runner has a habitual cadence. With a beat in the ears, the
cadence moves toward it with a lag (a first-order response over ``entrain_tau_s``) and
closes only part of the gap (``adherence``); without a beat it drifts back toward habit
(``release_tau_s``), and habit itself sags with fatigue. Steps are noisy from one to the
next. Events add what real runs have: lapses of attention (the runner slides to a lower
cadence), stops at a traffic light (cadence and speed fall to zero) and sensor dropouts
(no readings at all). Speed follows cadence through step length; heart rate follows
effort, with a slow cardiac drift.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from enum import Enum

from cadence_coach.sources.reading import Reading


class SimEventKind(Enum):
    LAPSE = "lapse"
    """Attention slips: the cadence slides to ``level`` times the beat."""
    STOP = "stop"
    """A stop at a crossing: cadence and speed fall to zero."""
    DROPOUT = "dropout"
    """The sensor sends nothing; the runner keeps running."""
    SURGE = "surge"
    """Heart rate climbs by ``level`` bpm."""


@dataclass(frozen=True, slots=True)
class SimEvent:
    """Something that happens to the simulated runner from ``start_s`` for ``duration_s``."""

    kind: SimEventKind
    start_s: float
    duration_s: float
    level: float = 0.0

    def active(self, t: float) -> bool:
        return self.start_s <= t < self.start_s + self.duration_s


TYPICAL_HABITUAL_SPM = 164.0
"""A recreational runner's own cadence at an easy pace: the simulated runner's, and the one
plans are shown for when no other is known."""


@dataclass(frozen=True, slots=True)
class RunnerModel:
    habitual_spm: float = TYPICAL_HABITUAL_SPM
    adherence: float = 0.9
    """Share of the gap between habit and the beat the runner closes once entrained."""
    entrain_tau_s: float = 12.0
    release_tau_s: float = 40.0
    """Without a beat, the pull back to habit, for a runner new to the rhythm..."""
    learning: float = 0.5
    """...lengthened by this many seconds per second already run with the beat: the
    rhythm is learned, so it holds longer when the metronome fades."""
    reaction_s: float = 3.0
    """A spoken cue ends a lapse of attention after about this long..."""
    heed: float = 0.85
    """...with this probability."""
    lapse_tau_s: float = 4.0
    noise_spm: float = 1.2
    fatigue_spm_per_h: float = 3.0
    step_length_m: float = 1.05
    walking_spm: float = 116.0
    walking_speed_mps: float = 1.4
    resting_hr_bpm: float = 70.0
    hr_tau_s: float = 30.0
    cardiac_drift_bpm_per_h: float = 8.0


class SimulatedRunner:
    """Produces one :class:`Reading` per call to :meth:`reading`, at increasing times.

    The only source that listens to the coach: :meth:`hear_beat` (the beat it plays, and
    whether the segment is a walk) and :meth:`hear_cue` (what it says)."""

    def __init__(
        self, model: RunnerModel | None = None, events: tuple[SimEvent, ...] = (), seed: int = 0
    ) -> None:
        self.model = model or RunnerModel()
        self.events = events
        self._rng = random.Random(seed)
        self._cadence = self.model.habitual_spm
        self._hr = 120.0
        self._t: float | None = None
        self._with_beat_s = 0.0
        self._refocus_at: float | None = None
        self._heeded: set[SimEvent] = set()
        self._walking = False
        self._beat_bpm: float | None = None
        self._walk_segment = False

    def hear_beat(self, beat_bpm: float | None, walking: bool) -> None:
        """What the runner hears before the next reading: the beat (``None``: no beat), and
        whether the segment asks for a walk."""
        self._beat_bpm = beat_bpm
        self._walk_segment = walking

    def hear_cue(self, t: float, key: str) -> None:
        """The runner hears a cue: a drift cue usually ends a lapse of attention."""
        if key.startswith(("cadence_up", "cadence_down")) and self._rng.random() < self.model.heed:
            self._refocus_at = t + self.model.reaction_s

    def reading(self, t: float) -> Reading | None:
        """The reading at ``t``, given what the runner last heard.

        Returns ``None`` during a sensor dropout (the runner keeps running meanwhile).
        """
        m, beat_bpm = self.model, self._beat_bpm
        dt = 1.0 if self._t is None else max(0.0, t - self._t)
        self._t = t
        habit = m.habitual_spm - m.fatigue_spm_per_h * t / 3600
        active = [e for e in self.events if e.active(t)]
        stopped = any(e.kind is SimEventKind.STOP for e in active)
        if self._refocus_at is not None and t >= self._refocus_at:
            # The cue brought the runner back to the beat: this lapse is over.
            self._heeded.update(e for e in active if e.kind is SimEventKind.LAPSE)
            self._refocus_at = None
        lapse = next(
            (e for e in active if e.kind is SimEventKind.LAPSE and e not in self._heeded), None
        )
        if lapse is not None:
            goal, tau = (beat_bpm or habit) * lapse.level, m.lapse_tau_s
        elif beat_bpm is not None:
            goal, tau = habit + m.adherence * (beat_bpm - habit), m.entrain_tau_s
            self._with_beat_s += dt
        else:
            goal, tau = habit, m.release_tau_s + m.learning * self._with_beat_s
        walking = self._walk_segment
        if walking != self._walking:
            # Runners change gait within a couple of steps: from a walk, their own rhythm.
            self._cadence = m.walking_spm if walking else habit
            self._walking = walking
        if stopped:
            self._cadence = habit  # they set off again at their own rhythm
        elif not walking:
            self._cadence += (goal - self._cadence) * (1 - math.exp(-dt / tau))
        cadence = 0.0 if stopped else self._cadence + self._rng.gauss(0, m.noise_spm)
        walk_speed = m.walking_speed_mps if not stopped else 0.0
        speed = walk_speed if walking else cadence / 60 * m.step_length_m
        effort = m.resting_hr_bpm + 28 * speed + m.cardiac_drift_bpm_per_h * t / 3600
        effort += sum(e.level for e in active if e.kind is SimEventKind.SURGE)
        self._hr += (effort - self._hr) * (1 - math.exp(-dt / m.hr_tau_s))
        if any(e.kind is SimEventKind.DROPOUT for e in active):
            return None
        return Reading(
            t=t,
            source="sim",
            cadence_spm=round(cadence, 1),
            speed_mps=round(speed, 2),
            heart_rate_bpm=round(self._hr + self._rng.gauss(0, 1.0)),
        )


TYPICAL_KINDS = (SimEventKind.LAPSE, SimEventKind.STOP, SimEventKind.DROPOUT)


def typical_events(duration_s: float, seed: int) -> tuple[SimEvent, ...]:
    """What a real run brings, drawn from ``seed``: a lapse of attention every few
    minutes, a stop at a crossing now and then, a rare sensor dropout."""
    rng = random.Random(seed ^ 0x5EED)
    events: list[SimEvent] = []
    t = rng.uniform(120, 300)
    while t < duration_s - 60:
        kind = rng.choices(TYPICAL_KINDS, weights=[6, 2, 1])[0]
        if kind is SimEventKind.LAPSE:
            events.append(SimEvent(kind, t, rng.uniform(30, 90), rng.uniform(0.9, 0.94)))
        elif kind is SimEventKind.STOP:
            events.append(SimEvent(kind, t, rng.uniform(10, 40)))
        else:
            events.append(SimEvent(kind, t, rng.uniform(12, 30)))
        t += rng.uniform(180, 420)
    return tuple(events)
