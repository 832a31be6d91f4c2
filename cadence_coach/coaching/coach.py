"""The coach: a pure state machine, ``step(now, estimate) -> list[Action]``.

It sits between the estimator and the mixer and speaker. Given the same inputs it gives the
same actions, so a whole session can be simulated in milliseconds. It never reads a clock.
It is a composition: the segment :class:`~cadence_coach.coaching.timeline.Timeline`, then
the watchers (sensor, standing still, heart rate, walk breaks, the target's step down and
up, drift), which share the coach's wish for the metronome. docs/coaching.md says what
each does and why.
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
from cadence_coach.coaching.watchers.target import TargetAdjuster
from cadence_coach.coaching.watchers.walk import WalkWatcher


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
        self.walk = WalkWatcher(config, self.drift)
        self.target = TargetAdjuster(config)
        self._recalled = not config.recall

    @property
    def finished(self) -> bool:
        return self.timeline.finished

    @property
    def segment(self) -> Segment:
        """The segment running, with the session's current target step applied."""
        return self.target.adjusted(self.timeline.segment)

    @property
    def segment_index(self) -> int:
        return max(self.timeline.index, 0)

    @property
    def metronome_on(self) -> bool:
        """Whether the coach wants the metronome audible now."""
        return self.metronome.audible

    def skip(self, now: float) -> list[Action]:
        """The runner skips the rest of the running segment: the next :meth:`step` starts
        the next one. Returns the mark for the record (none once finished)."""
        if self.finished or self.timeline.index < 0:
            return []
        self.timeline.skip(now)
        return [Mark(EventKind.SKIPPED, self.timeline.segment.name)]

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
                self._coach_cadence(now, est, seg, actions)
        return actions

    def _coach_cadence(
        self, now: float, est: Estimate, seg: Segment, actions: list[Action]
    ) -> None:
        """A running segment with a cadence: walks understood, the target stepped if it
        is out of reach, drift coached; an on-your-own segment is only measured."""
        if not self.walk.step(now, est, actions):
            return
        self.drift.count(est, seg)
        if seg.listen:
            return
        if self.target.step(now, est, self.timeline.segment, self.drift.cues_given, actions):
            self.drift.reset()
            self.drift.quiet_until(now + self.config.grace_s)
            return
        self.drift.step(now, est, seg, actions)

    def _begin(self, start: SegmentStart, now: float, actions: list[Action]) -> None:
        """A segment starts: mark it, set its tempo and metronome, announce it."""
        seg = self.target.adjusted(start.segment)
        if start.covered is not None:
            actions.append(Mark(EventKind.DISTANCE, start.covered))
        actions.append(Mark(EventKind.SEGMENT, seg.name))
        actions.append(SetTempo(seg.target_spm, 0 if start.first else self.config.ramp_beats))
        beat = seg.metronome is not MetronomeMode.OFF and not seg.listen
        self.metronome.want(beat, "on your own" if seg.listen else "segment", actions)
        if seg.announce:
            actions.append(Say(seg.announce))
        previous = self.drift.new_segment(now)
        if seg.timeline:
            about = Announcement(seg, None if start.first else previous)
            actions.append(Say("segment", about=about, prefix=_transition(seg)))
        if seg.listen:
            actions.append(Say("on_your_own"))
        elif seg.coached and not self._recalled and self.config.feedback:
            self._recalled = True
            actions.append(Say("recall", round(seg.target_spm)))


def _transition(seg: Segment) -> Transition | None:
    if seg.kind is SegmentKind.WALK:
        return Transition.WALK
    return Transition.RUN if seg.coached else None
