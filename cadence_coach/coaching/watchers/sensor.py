"""Sensor loss and return, each said once. With no feedback the beat is the runner's guide,
so a lost sensor brings the metronome back."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say
from cadence_coach.coaching.estimator import Estimate, SensorState
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.coaching.watchers.drift import DriftWatcher


class SensorWatcher:
    def __init__(self, config: CoachConfig, metronome: MetronomeWish, drift: DriftWatcher):
        self.config = config
        self.metronome = metronome
        self.drift = drift
        self.lost = False

    def step(self, now: float, est: Estimate, seg: Segment, actions: list[Action]) -> bool:
        """Handle loss and return; False when there is nothing to coach on."""
        if est.sensor is SensorState.LOST:
            if not self.lost:
                self.lost = True
                actions += [Mark(EventKind.SENSOR_LOST), Say("sensor_lost")]
                if seg.metronome is not MetronomeMode.OFF:
                    self.metronome.want(True, "sensor lost", actions)
                self.drift.reset()
            return False
        if est.sensor is SensorState.STALE:
            return False
        if self.lost:
            self.lost = False
            actions += [Mark(EventKind.SENSOR_BACK), Say("sensor_back")]
            self.drift.quiet_until(now + self.config.dwell_s)
        return True
