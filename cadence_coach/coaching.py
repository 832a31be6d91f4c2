"""One coaching session's logic on the session clock: source -> estimator -> coach -> recorder.

No audio here: the session layer applies the actions to the mixer and speaker. Readings and
coach steps fall on a fixed grid of session time, whatever the caller's rhythm, so the same
decisions come out whether the session is simulated, rendered to a file or played live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cadence_coach.coach import Action, Coach, CoachConfig, Say, SetMetronome, SetTempo
from cadence_coach.estimator import Estimator
from cadence_coach.recorder import CueRecord, Recorder, Row
from cadence_coach.sources import Reading
from cadence_coach.speech.phrases import Cue, Earcon, PhraseBook

STEP_S = 0.5
"""The coach looks at the estimate twice a second."""
READING_S = 1.0
"""Sources are read once a second (footpods and straps notify about that often)."""


class Source(Protocol):
    def reading(self, t: float, beat_bpm: float | None, kind: str = "run") -> Reading | None:
        """The reading at ``t``; a simulated runner follows the beat and the segment kind
        (a real sensor ignores both)."""
        ...

    def on_cue(self, t: float, key: str) -> None:
        """The runner hears a cue (a real sensor ignores this; the simulated runner heeds)."""
        ...


@dataclass(frozen=True, slots=True)
class Step:
    """An action the coach took at ``t``, with the cue it became (for ``Say``)."""

    t: float
    action: Action
    cue: Cue | None = None


class CoachingSession:
    """Drives the chain up to a session time; call :meth:`advance` with increasing times."""

    def __init__(self, config: CoachConfig, source: Source, *, seed: int = 0) -> None:
        self.config = config
        self.coach = Coach(config)
        self.estimator = Estimator()
        self.recorder = Recorder()
        self.book = PhraseBook(seed)
        self._source = source
        self._next_step = 0.0
        self._next_reading = 0.0
        self.tempo_bpm: float | None = None
        self.metronome_on = False
        self.last_reading: Reading | None = None

    @property
    def duration_s(self) -> float:
        """How long the session is expected to last."""
        return sum(seg.duration_s for seg in self.config.segments)

    @property
    def longest_s(self) -> float:
        """The longest it can last (segments that run a distance may take longer)."""
        return sum(seg.longest_s for seg in self.config.segments)

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
                beat = self.tempo_bpm if self.metronome_on else None
                kind = self.coach.segment.kind
                reading = self._source.reading(self._next_reading, beat, kind)
                if reading is not None:
                    self.estimator.update(reading)
                    self.last_reading = reading
                self._next_reading += READING_S
            estimate = self.estimator.estimate(t)
            for action in self.coach.step(t, estimate):
                steps.append(self._apply(t, action))
            if t == int(t) and not self.coach.finished:
                seg = self.coach.segment
                self.recorder.rows.append(
                    Row(
                        t=t,
                        segment=seg.name,
                        target_spm=seg.target_spm,
                        zone_spm=seg.zone_spm,
                        cadence_spm=estimate.cadence_spm,
                        heart_rate_bpm=estimate.heart_rate_bpm,
                        speed_mps=estimate.speed_mps,
                        moving=estimate.moving,
                        coached=seg.coached,
                        sensor=estimate.sensor.value,
                        metronome=self.metronome_on,
                        incline_pct=(
                            self.last_reading.incline_pct
                            if self.last_reading is not None
                            and t - self.last_reading.t <= self.estimator.config.stale_s
                            else None
                        ),
                    )
                )
            self._next_step += STEP_S
        return steps

    def _apply(self, t: float, action: Action) -> Step:
        if isinstance(action, SetTempo):
            self.tempo_bpm = action.bpm
        elif isinstance(action, SetMetronome):
            self.metronome_on = action.on
            self.recorder.events.append((t, "metronome", "on" if action.on else "off"))
        elif isinstance(action, Say):
            prefix = {"run": Earcon.RUN, "walk": Earcon.WALK}.get(action.prefix or "")
            cue = self.book.cue(action.key, action.n, action.text, prefix)
            self.recorder.cues.append(CueRecord(t, cue.key, cue.text))
            self._source.on_cue(t, cue.key)
            return Step(t, action, cue)
        else:
            self.recorder.events.append((t, action.event, action.detail))
        return Step(t, action)

    def run_to_end(self) -> Recorder:
        """Simulate the whole session on the virtual clock, as fast as possible."""
        self.advance(self.longest_s + STEP_S)
        return self.recorder
