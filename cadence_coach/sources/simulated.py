"""The simulated runner: the default source, so everything runs with no sensor. Pure, seeded.

A model, not a script. The runner has a habitual cadence. With a beat in the ears, the
cadence moves toward it with a lag (a first-order response over ``entrain_tau_s``) and
closes only part of the gap (``adherence``); without a beat it drifts back toward habit
(``release_tau_s``), and habit itself sags with fatigue. Steps are noisy from one to the
next, and a warm-up starts below habit. Events add what real runs have: lapses of attention
(the runner slides to a lower cadence), walk breaks, stops at a traffic light (slowing
first, then cadence and speed at zero, or silence from a footpod that stops sending),
changes of pace and hills (cadence follows speed a little), sensor dropouts, and a
footpod's glitches (half cadence, a held value, a spike). Values are sent as devices send
them (``quantum_spm``: whole or even numbers). Speed follows cadence through step length;
heart rate follows effort, with a slow cardiac drift. :mod:`~cadence_coach.sources.runners`
names realistic profiles.
"""

from __future__ import annotations

import dataclasses
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
    WALK = "walk"
    """A walk break: the runner walks, whatever the segment."""
    PACE = "pace"
    """The pace changes: speed times ``level``, cadence following a little."""
    HILL = "hill"
    """A hill of ``level`` percent: shorter, slightly quicker steps, slower."""
    HALF = "half"
    """Glitch: the sensor reads half the cadence."""
    HOLD = "hold"
    """Glitch: the sensor repeats its last packet."""
    SPIKE = "spike"
    """Glitch: the sensor reads ``level`` times the cadence."""


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
    warmup_s: float = 0.0
    """The cadence starts ``warmup_drop_spm`` under habit and rises to it over this long."""
    warmup_drop_spm: float = 0.0
    quantum_spm: float = 0.1
    """The steps cadence is sent in: 1 for whole numbers, 2 for a footpod's even numbers."""
    speed_share: float = 0.35
    """Share of a change of speed that comes from cadence (the rest is step length)."""
    silent_when_still: bool = False
    """A footpod that stops sending while the runner stands."""
    slowing_s: float = 4.0
    """How long a runner takes to slow into a stop."""
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
        self,
        model: RunnerModel | None = None,
        events: tuple[SimEvent, ...] = (),
        seed: int = 0,
        *,
        keep_truth: bool = False,
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
        self._last_sent: Reading | None = None
        self._keep_truth = keep_truth
        self.truth: list[tuple[float, str, float]] = []
        """With ``keep_truth``, what the runner really did at each reading: ``(t, "run" |
        "walk" | "stop", cadence)``, whatever the sensor sent (to judge the coach by)."""

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

        Returns ``None`` during a sensor dropout (the runner keeps running meanwhile), and
        while standing for a footpod that stops sending.
        """
        m = self.model
        dt = 1.0 if self._t is None else max(0.0, t - self._t)
        self._t = t
        active = [e for e in self.events if e.active(t)]
        kinds = {e.kind for e in active}
        habit = self._habit(t, active)
        stopped = SimEventKind.STOP in kinds
        walking = self._walk_segment or SimEventKind.WALK in kinds
        self._move(t, dt, habit, active, walking, stopped)
        slowed = self._slowing(t)
        cadence = 0.0 if stopped else self._cadence * (0.8 + 0.2 * slowed)
        cadence += 0.0 if stopped else self._rng.gauss(0, m.noise_spm)
        speed = self._speed(cadence, walking, stopped, active) * (0.2 + 0.8 * slowed)
        effort = m.resting_hr_bpm + 28 * speed + m.cardiac_drift_bpm_per_h * t / 3600
        effort += sum(e.level for e in active if e.kind is SimEventKind.SURGE)
        self._hr += (effort - self._hr) * (1 - math.exp(-dt / m.hr_tau_s))
        hr = round(self._hr + self._rng.gauss(0, 1.0))
        if self._keep_truth:
            state = "stop" if stopped or slowed < 1 else "walk" if walking else "run"
            self.truth.append((t, state, 0.0 if stopped else self._cadence))
        if SimEventKind.DROPOUT in kinds or (stopped and m.silent_when_still):
            return None
        return self._sent(Reading(t, "sim", cadence, round(speed, 2), hr), active)

    def _habit(self, t: float, active: list[SimEvent]) -> float:
        """The cadence the runner falls into unprompted at ``t``: habit, less fatigue and
        what is left of the warm-up, following pace and hills."""
        m = self.model
        habit = m.habitual_spm - m.fatigue_spm_per_h * t / 3600
        if t < m.warmup_s:
            habit -= m.warmup_drop_spm * (1 - t / m.warmup_s)
        for e in active:
            if e.kind is SimEventKind.PACE:
                habit *= 1 + m.speed_share * (e.level - 1)
            elif e.kind is SimEventKind.HILL:
                habit += 0.5 * e.level
        return habit

    def _move(
        self,
        t: float,
        dt: float,
        habit: float,
        active: list[SimEvent],
        walking: bool,
        stopped: bool,
    ) -> None:
        """The runner's cadence moves toward what they hear (or their habit)."""
        m = self.model
        goal, tau = self._goal(t, dt, habit, active)
        if walking != self._walking:
            # Runners change gait within a couple of steps: from a walk, their own rhythm.
            self._cadence = m.walking_spm if walking else habit
            self._walking = walking
        if stopped:
            # they set off again at their own rhythm
            self._cadence = m.walking_spm if walking else habit
        elif not walking:
            self._cadence += (goal - self._cadence) * (1 - math.exp(-dt / tau))

    def _goal(
        self, t: float, dt: float, habit: float, active: list[SimEvent]
    ) -> tuple[float, float]:
        """Where the cadence is heading, and how fast: a lapse, the beat, or habit."""
        m, beat_bpm = self.model, self._beat_bpm
        if self._refocus_at is not None and t >= self._refocus_at:
            # The cue brought the runner back to the beat: this lapse is over.
            self._heeded.update(e for e in active if e.kind is SimEventKind.LAPSE)
            self._refocus_at = None
        lapse = next(
            (e for e in active if e.kind is SimEventKind.LAPSE and e not in self._heeded), None
        )
        if lapse is not None:
            return (beat_bpm or habit) * lapse.level, m.lapse_tau_s
        if beat_bpm is not None:
            self._with_beat_s += dt
            return habit + m.adherence * (beat_bpm - habit), m.entrain_tau_s
        return habit, m.release_tau_s + m.learning * self._with_beat_s

    def _slowing(self, t: float) -> float:
        """1 while running on; toward 0 in the seconds before a stop."""
        m = self.model
        if m.slowing_s <= 0:
            return 1.0
        ahead = [
            e.start_s - t
            for e in self.events
            if e.kind is SimEventKind.STOP and 0 < e.start_s - t <= m.slowing_s
        ]
        return min(ahead) / m.slowing_s if ahead else 1.0

    def _speed(self, cadence: float, walking: bool, stopped: bool, active: list[SimEvent]) -> float:
        m = self.model
        if stopped:
            return 0.0
        if walking:
            return m.walking_speed_mps
        step = m.step_length_m
        for e in active:
            if e.kind is SimEventKind.PACE:
                step *= e.level / (1 + m.speed_share * (e.level - 1))
            elif e.kind is SimEventKind.HILL:
                step *= max(0.5, 1 - 0.04 * e.level)
        return cadence / 60 * step

    def _sent(self, reading: Reading, active: list[SimEvent]) -> Reading:
        """The reading as the sensor sends it: quantised, and glitched when a glitch is on."""
        q = self.model.quantum_spm
        cadence = reading.cadence_spm or 0.0
        for e in active:
            if e.kind is SimEventKind.HALF:
                cadence /= 2
            elif e.kind is SimEventKind.SPIKE:
                cadence *= e.level
        if any(e.kind is SimEventKind.HOLD for e in active) and self._last_sent is not None:
            return dataclasses.replace(self._last_sent, t=reading.t)
        sent = dataclasses.replace(reading, cadence_spm=round(round(cadence / q) * q, 1))
        self._last_sent = sent
        return sent


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
