"""The heart-rate ceiling: above it for a while, ask for shorter steps, not slower ones;
once per excursion, with a little hysteresis before the next."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.segments import CoachConfig


class HeartRateWatcher:
    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.above_since: float | None = None
        self.warned = False

    def step(self, now: float, est: Estimate, actions: list[Action]) -> None:
        cfg = self.config
        hr = est.heart_rate_bpm
        if cfg.hr_max_bpm is None or hr is None:
            return
        if hr > cfg.hr_max_bpm:
            if self.above_since is None:
                self.above_since = now
            if not self.warned and now - self.above_since >= cfg.hr_dwell_s:
                self.warned = True
                actions += [Say("ease_off"), Mark(EventKind.HEART_RATE_HIGH, f"{hr:.0f}")]
        elif hr <= cfg.hr_max_bpm - cfg.hr_hysteresis_bpm:
            self.above_since = None
            self.warned = False
