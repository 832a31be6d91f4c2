"""One session's coaching on the session clock: source -> estimator -> coach -> recorder.

No audio here, and no wording: the phrase book it is handed words each cue (it is recorded
with its words), and the session loop (:mod:`cadence_coach.session.loop`) carries the
actions out. Readings and coach steps fall on a fixed grid of session time, whatever
the caller's rhythm, so the same decisions come out whether the session is simulated,
rendered to a file or played live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say, SetMetronome, SetTempo
from cadence_coach.coaching.coach import Coach
from cadence_coach.coaching.estimator import Estimate, Estimator
from cadence_coach.coaching.recorder import Recorder, Row
from cadence_coach.coaching.segments import CoachConfig, SegmentKind
from cadence_coach.sources.reading import Reading, Source

STEP_S = 0.5
"""The coach looks at the estimate twice a second."""
READING_S = 1.0
"""Sources are read once a second (footpods and straps notify about that often)."""


class Worded(Protocol):
    """A cue in words (the phrase book's :class:`~cadence_coach.speech.phrases.Cue`)."""

    @property
    def key(self) -> str: ...

    @property
    def text(self) -> str: ...


class Wording(Protocol):
    """Words what the coach asks to be said (the phrase book)."""

    def say(self, action: Say) -> Worded: ...


class Listener(Protocol):
    """A runner who hears the coach. Only the simulated runner is one: a real sensor
    cannot hear, so it is only ever a source."""

    def hear_beat(self, beat_bpm: float | None, walking: bool) -> None:
        """Before each reading: the beat playing (``None``: none) and whether it is a walk."""
        ...

    def hear_cue(self, t: float, key: str) -> None:
        """The coach asks for the cue ``key`` at ``t``."""
        ...


@dataclass(frozen=True, slots=True)
class Step:
    """An action the coach took at session time ``t``, with its words for a ``Say``."""

    t: float
    action: Action
    cue: Worded | None = None


class CoachingChain:
    """Drives the chain up to a session time; call :meth:`advance` with increasing times."""

    def __init__(
        self,
        config: CoachConfig,
        source: Source,
        wording: Wording,
        listener: Listener | None = None,
    ) -> None:
        self.config = config
        self.wording = wording
        self.coach = Coach(config)
        self.estimator = Estimator()
        self.recorder = Recorder()
        self._source = source
        self._listener = listener
        self._next_step = 0.0
        self._next_reading = 0.0
        self.tempo_bpm: float | None = None
        self.metronome_on = False
        self.last_reading: Reading | None = None
        self._skip = False

    def skip_segment(self) -> None:
        """Skip the rest of the running segment at the next step (the runner asked)."""
        self._skip = True

    @property
    def finished(self) -> bool:
        return self.coach.finished

    @property
    def now(self) -> float:
        """Session time of the last step taken."""
        return max(0.0, self._next_step - STEP_S)

    def advance(self, now: float) -> list[Step]:
        """Run every reading and coach step up to ``now``; return the actions taken."""
        steps: list[Step] = []
        while self._next_step <= now and not self.coach.finished:
            t = self._next_step
            while self._next_reading <= t:
                self._read(self._next_reading)
                self._next_reading += READING_S
            estimate = self.estimator.estimate(t)
            if self._skip:
                self._skip = False
                steps += [self._apply(t, action) for action in self.coach.skip(t)]
            for action in self.coach.step(t, estimate):
                steps.append(self._apply(t, action))
            if t == int(t) and not self.coach.finished:
                self.recorder.rows.append(self._row(t, estimate))
            self._next_step += STEP_S
        return steps

    def _read(self, t: float) -> None:
        if self._listener is not None:
            beat = self.tempo_bpm if self.metronome_on else None
            self._listener.hear_beat(beat, self.coach.segment.kind is SegmentKind.WALK)
        reading = self._source.reading(t)
        if reading is not None:
            self.estimator.update(reading)
            self.last_reading = reading

    def _row(self, t: float, estimate: Estimate) -> Row:
        seg = self.coach.segment
        last = self.last_reading
        fresh = last is not None and t - last.t <= self.estimator.config.stale_s
        return Row(
            t=t,
            segment=seg.name,
            target_spm=seg.target_spm,
            zone_spm=seg.zone_spm,
            cadence_spm=estimate.steady_cadence_spm,
            heart_rate_bpm=estimate.heart_rate_bpm,
            speed_mps=estimate.speed_mps,
            moving=estimate.moving,
            coached=seg.coached,
            walking=estimate.walking and seg.kind is not SegmentKind.WALK,
            unaided=seg.listen,
            sensor=estimate.sensor,
            metronome=self.metronome_on,
            incline_pct=last.incline_pct if fresh and last is not None else None,
        )

    def _apply(self, t: float, action: Action) -> Step:
        if isinstance(action, SetTempo):
            self.tempo_bpm = action.bpm
        elif isinstance(action, SetMetronome):
            self.metronome_on = action.on
            self.recorder.mark(t, EventKind.METRONOME, "on" if action.on else "off")
        elif isinstance(action, Say):
            cue = self.wording.say(action)
            self.recorder.cue(t, cue.key, cue.text)
            if self._listener is not None:
                self._listener.hear_cue(t, cue.key)
            return Step(t, action, cue)
        elif isinstance(action, Mark):
            self.recorder.mark(t, action.event, action.detail)
        return Step(t, action)
