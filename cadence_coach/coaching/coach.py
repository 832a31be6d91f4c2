"""The coach: a pure state machine, ``step(now, estimate) -> list[Action]``.

It sits between the estimator and the mixer and speaker. Given the same inputs it gives the
same actions, so a whole session can be simulated in milliseconds. It never reads a clock.
It is a composition: the segment :class:`~cadence_coach.coaching.timeline.Timeline`, then
the watchers (sensor, standing still, heart rate, drift), which share the coach's wish for
the metronome. docs/coaching.md says what each does and why.
"""

from __future__ import annotations

from cadence_coach.coaching.actions import (
    Action,
    Announcement,
    EventKind,
    Mark,
    Say,
    SetTempo,
    Transition,
)
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment, SegmentKind
from cadence_coach.coaching.timeline import SegmentStart, Timeline
from cadence_coach.coaching.watchers.drift import DriftWatcher
from cadence_coach.coaching.watchers.heart_rate import HeartRateWatcher
from cadence_coach.coaching.watchers.pause import PauseWatcher
from cadence_coach.coaching.watchers.sensor import SensorWatcher


class Coach:
    """The state machine. Call :meth:`step` with increasing ``now``."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.timeline = Timeline(config)
        self.metronome = MetronomeWish()
        self.drift = DriftWatcher(config, self.metronome)
        self.sensor = SensorWatcher(config, self.metronome, self.drift)
        self.pause = PauseWatcher(config, self.metronome, self.drift)
        self.heart_rate = HeartRateWatcher(config)

    @property
    def finished(self) -> bool:
        return self.timeline.finished

    @property
    def segment(self) -> Segment:
        return self.timeline.segment

    @property
    def segment_index(self) -> int:
        return max(self.timeline.index, 0)

    @property
    def metronome_on(self) -> bool:
        """Whether the coach wants the metronome audible now."""
        return self.metronome.audible

    def step(self, now: float, est: Estimate) -> list[Action]:
        """Advance to ``now`` with the latest estimate; return what to do."""
        if self.finished:
            return []
        actions: list[Action] = []
        for start in self.timeline.move(now, est):
            self._begin(start, now, actions)
        if self.finished:
            return [*actions, Mark(EventKind.FINISHED), Say("session_done")]
        actions += self.timeline.due(now)
        seg = self.segment
        if (
            self.config.feedback
            and self.sensor.step(now, est, seg, actions)
            and self.pause.step(now, est, actions)
        ):
            self.heart_rate.step(now, est, actions)
            if est.cadence_spm is not None and seg.coached:
                self.drift.step(now, est.cadence_spm, seg, actions)
        return actions

    def _begin(self, start: SegmentStart, now: float, actions: list[Action]) -> None:
        """A segment starts: mark it, set its tempo and metronome, announce it."""
        seg = start.segment
        if start.covered is not None:
            actions.append(Mark(EventKind.DISTANCE, start.covered))
        actions.append(Mark(EventKind.SEGMENT, seg.name))
        actions.append(SetTempo(seg.target_spm, 0 if start.first else self.config.ramp_beats))
        self.metronome.want(seg.metronome is not MetronomeMode.OFF, "segment", actions)
        if seg.announce:
            actions.append(Say(seg.announce))
        previous = self.drift.new_segment(now)
        if seg.timeline:
            about = Announcement(seg, None if start.first else previous)
            actions.append(Say("segment", about=about, prefix=_transition(seg)))


def _transition(seg: Segment) -> Transition | None:
    if seg.kind is SegmentKind.WALK:
        return Transition.WALK
    return Transition.RUN if seg.coached else None
