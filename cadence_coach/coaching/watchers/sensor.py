"""The sensor, honestly: "waiting" before its first reading (never "lost"); a loss said
once, and only when it lasts, so a gap of a few seconds is one silent event; its return
said once. With no feedback the beat is the runner's guide, so a lost sensor (or one not
yet heard from) brings the metronome back."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say
from cadence_coach.coaching.estimator import Estimate, SensorState
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.coaching.watchers.drift import DriftWatcher

WAITING_SAID_AFTER_S = 10.0
"""No reading this long into the session: "waiting for the sensor", once."""
LOST_CONFIRM_S = 20.0
"""Lost this long (after the estimator's own ten seconds) before the runner is told: a
shorter dropout, common on a crowded radio, is recorded as one event and says nothing
(the beat carries on meanwhile, and no cue is given on old readings)."""


class SensorWatcher:
    def __init__(self, config: CoachConfig, metronome: MetronomeWish, drift: DriftWatcher):
        self.config = config
        self.metronome = metronome
        self.drift = drift
        self.lost = False
        """The loss was said."""
        self._lost_since: float | None = None
        self._waiting_said = False

    def step(self, now: float, est: Estimate, seg: Segment, actions: list[Action]) -> bool:
        """Handle waiting, loss and return; False when there is nothing to coach on."""
        if est.sensor is SensorState.WAITING:
            if not self._waiting_said and now >= WAITING_SAID_AFTER_S:
                self._waiting_said = True
                actions += [Mark(EventKind.SENSOR_WAITING), Say("sensor_waiting")]
                self._beat_back(seg, "no sensor yet", actions)
            return False
        if est.sensor is SensorState.LOST:
            self._lose(now, seg, actions)
            return False
        if est.sensor is SensorState.STALE:
            return False
        self._back(now, actions)
        return True

    def _lose(self, now: float, seg: Segment, actions: list[Action]) -> None:
        if self._lost_since is None:
            self._lost_since = now
            self.drift.reset()
        if not self.lost and now - self._lost_since >= LOST_CONFIRM_S:
            self.lost = True
            actions += [Mark(EventKind.SENSOR_LOST), Say("sensor_lost")]
            self._beat_back(seg, "sensor lost", actions)

    def _back(self, now: float, actions: list[Action]) -> None:
        if self._lost_since is None:
            return
        if self.lost:
            actions += [Mark(EventKind.SENSOR_BACK), Say("sensor_back")]
        else:
            actions.append(Mark(EventKind.SENSOR_GAP))  # lost and back: one silent event
        self.lost = False
        self._lost_since = None
        self.drift.quiet_until(now + self.config.dwell_s)

    def _beat_back(self, seg: Segment, reason: str, actions: list[Action]) -> None:
        if seg.metronome is not MetronomeMode.OFF and not seg.listen:
            self.metronome.want(True, reason, actions)
