"""Standing still is a pause, not a drift: marked, the metronome paused after a few
seconds, and a grace period once the runner moves off again."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, EventKind, Mark
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig
from cadence_coach.coaching.watchers.drift import DriftWatcher


class PauseWatcher:
    def __init__(self, config: CoachConfig, metronome: MetronomeWish, drift: DriftWatcher):
        self.config = config
        self.metronome = metronome
        self.drift = drift
        self.still_since: float | None = None

    def step(self, now: float, est: Estimate, actions: list[Action]) -> bool:
        """False while the runner stands still."""
        if not est.moving and est.still_in_doubt and self.still_since is None:
            return False  # one reading of standing: judged on the next, nothing marked
        if not est.moving:
            if self.still_since is None:
                self.still_since = now
                actions.append(Mark(EventKind.PAUSE))
                self.drift.reset()
            if now - self.still_since >= self.config.pause_metronome_after_s:
                self.metronome.pause(actions)
            return False
        if self.still_since is not None:
            self.still_since = None
            actions.append(Mark(EventKind.RESUME))
            self.metronome.resume(actions)
            self.drift.quiet_until(now + self.config.grace_s)
        return True
