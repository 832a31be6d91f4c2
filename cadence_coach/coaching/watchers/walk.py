"""A walk break in a running segment is a walk, not a drift: never coached, marked, and in
a session with no walks of its own acknowledged once ("Walk break. Run when you are
ready"); a grace period when the runner runs again."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.segments import CoachConfig, SegmentKind
from cadence_coach.coaching.watchers.drift import DriftWatcher


class WalkWatcher:
    def __init__(self, config: CoachConfig, drift: DriftWatcher) -> None:
        self.config = config
        self.drift = drift
        self.walking = False
        self.breaks = 0
        self._acknowledge = not any(s.kind is SegmentKind.WALK for s in config.segments)

    def step(self, now: float, est: Estimate, actions: list[Action]) -> bool:
        """False while the runner walks."""
        if est.walking:
            if not self.walking:
                self.walking = True
                self.breaks += 1
                self.drift.reset()
                actions.append(Mark(EventKind.WALK))
                if self._acknowledge and self.breaks == 1:
                    actions.append(Say("walk_break"))
            return False
        if self.walking and est.cadence_spm is not None:
            self.walking = False
            self.drift.quiet_until(now + self.config.grace_s)
        return not self.walking
